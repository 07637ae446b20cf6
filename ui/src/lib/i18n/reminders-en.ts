import type { remindersDa } from './reminders-da';

// English texts of my settings on this computer: the same keys as reminders-da.ts.
export const remindersEn: Record<keyof typeof remindersDa, string> = {
  'me.title': 'My settings',
  'me.intro': 'You are {name}. These settings are yours on this computer and are not shared with anyone.',
  'me.link': 'Your settings',
  'reminders.title': 'Reminders',
  'reminders.help':
    'While Steerco runs, the desktop tells you about your tasks before they are due and on the day, and about meetings of your committees the day before. Each reminder at most once a day.',
  'reminders.tasks': 'Remind me of my tasks',
  'reminders.days': 'Days before a task is due',
  'reminders.meetings': 'Remind me of meetings the day before',
  'reminders.save': 'Save reminders',
  'reminders.saved': 'The reminders are saved.',
  'reminders.now': 'Now: {tasks}, {meetings}.',
  'reminders.nowTasks': 'tasks {days} days before and on the day',
  'reminders.nowNoTasks': 'none for tasks',
  'reminders.nowMeetings': 'meetings the day before',
  'reminders.nowNoMeetings': 'none for meetings',
};
