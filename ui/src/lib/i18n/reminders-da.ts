// Danish texts of my settings on this computer (Me.svelte, the reminders),
// kept apart so da.ts stays readable; da.ts spreads them in, en.ts their English.
export const remindersDa = {
  'me.title': 'Mine indstillinger',
  'me.intro': 'Du er {name}. Indstillingerne her gælder dig på denne computer og deles ikke med andre.',
  'me.link': 'Dine indstillinger',
  'reminders.title': 'Påmindelser',
  'reminders.help':
    'Mens Steerco kører, får du en besked på skrivebordet om dine opgaver før de forfalder og på dagen, og om møder i dine komitéer dagen før. Hver påmindelse højst én gang om dagen.',
  'reminders.tasks': 'Påmind mig om mine opgaver',
  'reminders.days': 'Dage før en opgave forfalder',
  'reminders.meetings': 'Påmind mig om møder dagen før',
  'reminders.save': 'Gem påmindelser',
  'reminders.saved': 'Påmindelserne er gemt.',
  'reminders.now': 'Nu: {tasks}, {meetings}.',
  'reminders.nowTasks': 'opgaver {days} dage før og på dagen',
  'reminders.nowNoTasks': 'ingen for opgaver',
  'reminders.nowMeetings': 'møder dagen før',
  'reminders.nowNoMeetings': 'ingen for møder',
} as const;
