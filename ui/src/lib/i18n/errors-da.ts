// Danish texts of the app's errors (see errors.ts): one for every code.
import type { Entity, MinutesPart, Missing, Restorable, SyncKind, Vocabulary } from '../bindings';
import { da } from './da';
import type { ErrorTexts } from './errors';
import { badRowsText, columnText } from '../sheet';

// The nouns and sentences the parameters name.
const missing: Record<Missing, string> = {
  initiative_title: 'Et initiativ skal have en titel',
  milestone_title: 'En milepæl skal have en titel',
  risk_title: 'En risiko skal have en titel',
  committee_name: 'En komité skal have et navn',
  person_name: 'En person skal have et navn',
  focus_area_name: 'Et fokusområde skal have et navn',
  your_name: 'Skriv dit navn',
  topic_title: 'Et emne skal have en titel',
  task_title: 'En opgave skal have en titel',
  comment_text: 'En kommentar skal have en tekst',
  meeting_title: 'Et møde skal have en titel',
  agenda_item_title: 'Et dagsordenspunkt skal have en titel',
  outcome_text: 'Et referatpunkt skal have en tekst',
  action_owner: 'En handling skal have en ansvarlig',
  action_due: 'En handling skal have en frist',
  reopen_reason: 'En genåbning skal have en begrundelse',
  proposal: 'En afstemning skal have et forslag',
  vote_on: 'En afstemning hører til et dagsordenspunkt eller er en komités skriftlige beslutning',
  closing_time: 'En skriftlig beslutning skal have et lukketidspunkt',
};

const vocabulary: Record<Vocabulary, string> = {
  committee_kind: 'en komitétype',
  role: 'en rolle',
  task_state: 'en opgavestatus',
  attendance: 'et fremmøde',
  meeting_state: 'en mødetilstand',
  decision_status: 'en beslutningsstatus',
  risk_status: 'en risikostatus',
  outcome_kind: 'en slags referatpunkt',
  phase: 'en fase',
  language: 'et sprog',
  format: 'et filformat',
  export: 'noget, der kan eksporteres',
  vote_choice: 'en stemme',
};

// Where the catalogue has words for a vocabulary's values.
const labels: Partial<Record<Vocabulary, string>> = {
  committee_kind: 'kind',
  role: 'role',
  task_state: 'task',
  attendance: 'attendance',
  meeting_state: 'state',
  decision_status: 'decision',
  outcome_kind: 'outcome',
  phase: 'phase',
  vote_choice: 'vote.choice',
};

const part: Record<MinutesPart, string> = {
  agenda: 'dagsordenen',
  attendance: 'fremmødet',
  minutes: 'referatet',
  meeting: 'mødets oplysninger',
};

const notDeleted: Record<Restorable, string> = {
  agenda_item: 'Dagsordenspunktet er ikke slettet',
  outcome: 'Referatpunktet er ikke slettet',
  member: 'Medlemmet er ikke fjernet',
  committee: 'Komitéen er ikke slettet',
  milestone: 'Milepælen er ikke slettet',
  topic: 'Emnet er ikke slettet',
  task: 'Opgaven er ikke slettet',
  attachment: 'Bilaget er ikke slettet',
};

const entity: Record<Entity, string> = {
  initiative: 'initiativ',
  focus_area: 'fokusområde',
  milestone: 'milepæl',
  risk: 'risiko',
  committee: 'komité',
  person: 'person',
  topic: 'emne',
  meeting: 'møde',
  agenda_item: 'dagsordenspunkt',
  member: 'medlem',
  decision: 'beslutning',
  outcome: 'referatpunkt',
  task: 'opgave',
  conflict: 'konflikt',
  attachment: 'bilag',
  vote: 'afstemning',
  published_report: 'udgivet rapport',
  row: 'række',
  deleted_initiative: 'slettet initiativ',
};

const via: Record<SyncKind, string> = { folder: 'en delt mappe', server: 'en server' };

const catalogue: Record<string, string | undefined> = da;
const word = (prefix: string | undefined, value: string) =>
  (prefix && catalogue[`${prefix}.${value.replace('-', '_')}`]) || value;
const state = (s: string) => `«${word('state', s)}»`;
const upper = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
const q = (s: string) => `«${s}»`;
const mib = (bytes: number) => (bytes / (1024 * 1024)).toFixed(1).replace('.', ',');

export const errorsDa: ErrorTexts = {
  // Refusals.
  missing: (p) => missing[p.what],
  not_one_of: (p) =>
    `${q(p.value)} er ikke ${vocabulary[p.what]}; brug en af: ${p.allowed.map((a) => word(labels[p.what], a)).join(', ')}`,
  not_a_date: (p) => `${q(p.value)} er ikke en dato; skriv ÅÅÅÅ-MM-DD`,
  not_a_date_time: (p) => `${q(p.value)} er ikke et tidspunkt; skriv ÅÅÅÅ-MM-DDTTT:MM`,
  no_such_local_time: (p) => `${p.value} findes ikke i tidszonen ${p.zone} (uret stilles frem)`,
  not_a_time_zone: (p) => `${q(p.value)} er ikke en tidszone; brug et IANA-navn som Europe/Copenhagen`,
  not_a_year: (p) => `${q(p.value)} er ikke et årstal`,
  implausible_year: (p) => `${p.year} er ikke et sandsynligt årstal`,
  not_a_half_year: (p) => `${q(p.value)} er ikke et halvår; skriv ÅÅÅÅ-H1 eller ÅÅÅÅ-H2`,
  not_a_period: (p) => `${q(p.value)} er ikke en periode; skriv ÅÅÅÅ-Qn (kvartal), ÅÅÅÅ-Hn (halvår) eller ÅÅÅÅ-MM`,
  end_before_start: (p) => `Slutdatoen ${p.end} ligger før startdatoen ${p.start}`,
  milestone_done_in_future: (p) =>
    `En milepæl kan ikke være nået på en fremtidig dato (${p.date}; i dag er ${p.today})`,
  status_in_future: (p) => `En status kan ikke gælde en fremtidig dato (${p.date}; i dag er ${p.today})`,
  not_an_initiative_code: (p) =>
    `${q(p.value)} er ikke et initiativnummer; brug bogstaver, tal, «.» eller «-» (fx 8.1)`,
  not_a_focus_area: (p) => `${q(p.value)} er ikke nummeret på et fokusområde`,
  focus_area_number_taken: (p) => `Fokusområde ${p.number} findes allerede; vælg et andet nummer`,
  focus_area_not_empty: (p) =>
    `Fokusområde ${p.number} rummer stadig ${p.initiatives === 1 ? '1 initiativ' : `${p.initiatives} initiativer`}; flyt dem til et andet fokusområde først`,
  focus_area_place: (p) => `Plads ${p.place} findes ikke blandt fokusområderne (1 til ${p.last})`,
  nothing_to_change: () => 'Der er intet at ændre',
  no_amount: () => 'Angiv et budget, et forbrug eller begge dele',
  negative_amount: () => 'Beløb kan ikke være negative',
  committee_exists: (p) => `Der findes allerede en komité med navnet ${q(p.name)}`,
  committee_cycle: () => 'En komité kan ikke høre under sig selv eller under en komité, der hører under den',
  no_such_person: (p) => `Der er ingen person med navnet ${q(p.name)}; tilføj personen først`,
  topic_on_agenda: () => 'Emnet står allerede på en dagsorden',
  task_needs_board: () => 'En opgave skal høre til en komité eller et initiativ',
  task_board_unclear: (p) =>
    `${p.committees === 0 ? 'Ingen komité dækker' : `${p.committees} komitéer dækker`} initiativ ${p.initiative}; vælg den komité, hvis tavle opgaven skal på`,
  not_own_task: () => 'Opgaven er en handling fra et mødes referat; ret den i referatet',
  meeting_duration: () => 'Et møde varer mellem 1 minut og 24 timer',
  item_duration: () => 'Et punkt varer mellem 0 og 1440 minutter',
  state_move: (p) =>
    `Et møde med tilstanden ${state(p.from)} kan ikke gå til ${state(p.to)} (kun fra ${p.allowed.map(state).join(' eller ')})`,
  minutes_approved: (p) => `Referatet er godkendt og kan ikke ændres; genåbn mødet for at ændre ${part[p.what]}`,
  not_in_this_state: (p) => `${upper(part[p.what])} kan ikke ændres, mens mødet har tilstanden ${state(p.state)}`,
  not_on_agenda: (p) => `Plads ${p.place} findes ikke på dagsordenen (1 til ${p.last})`,
  no_earlier_meeting: () => 'Komitéen har intet tidligere møde at kopiere en dagsorden fra',
  committee_has_meetings: (p) =>
    `Komitéen ${q(p.name)} har ${p.meetings === 1 ? 'et møde' : `${p.meetings} møder`}; en komité med møder kan ikke slettes`,
  meeting_cancelled: () => 'Mødet er aflyst og kan ikke ændres',
  not_cancellable: (p) =>
    `Kun et møde, der ikke er holdt endnu (kladde eller åbent), kan aflyses; dette møde har tilstanden ${state(p.state)}`,
  not_deleted: (p) => `${notDeleted[p.what]}; der er intet at fortryde`,
  not_an_email: (p) => `${q(p.value)} er ikke en e-mailadresse`,
  only_actions_have_owners: () => 'Kun en handling har en ansvarlig og en frist',
  not_a_banding: (p) => `${q(p.value)} er ikke en inddeling; angiv de øvre scorer for LAV,MELLEM, fx 4,12`,
  bands_out_of_range: () => 'Grænserne skal opfylde 1 <= lav < mellem < 25 (scorer går fra 1 til 25)',
  score_out_of_range: (p) =>
    `${p.what === 'inherent' ? 'Iboende' : 'Rest-'}sandsynlighed og -konsekvens går fra 1 til 5 (fik ${p.likelihood} og ${p.impact})`,
  grey_after_out_of_range: () => 'Grå efter skal være mellem 1 og 3650 dage',
  reminder_days_out_of_range: () => 'Påmind mellem 1 og 30 dage før en opgave forfalder',
  minutes_changed_after_approval: () =>
    'Referatet er ændret efter godkendelsen: genåbn mødet, gennemgå referatet og godkend det igen',
  delete_conflict: () =>
    'En konflikt mellem en sletning og en ændring kan ikke fortrydes her endnu; opret punktet igen, hvis der stadig er brug for det',
  approved_minutes_not_here: () =>
    'Det godkendte referat er ikke nået til denne computer endnu; synkronisér og prøv igen',
  approved_minutes_gone: () =>
    'En del af det godkendte referat er fjernet siden og kan ikke sættes tilbage her; genåbn mødet for at rette referatet',
  not_a_minutes_conflict: () => 'Konflikten handler ikke om et godkendt referat; behold din eller deres værdi',
  choose_identity: () => 'Vælg først, hvem du er',
  answer_identity_question: (p) =>
    `Arbejdsområdet kender dig som ${q(p.recorded)}; vælg, om du vil fortsætte som ${q(p.recorded)} eller som ${q(p.installation)}`,
  bad_change: (p) => `Ændringen blev afvist: ${p.detail}`,
  row_clash: (p) => `${p.table} ${p.row} kan ikke tilføjes: den findes allerede eller henviser til noget, der mangler`,
  demo_unreadable: (p) => `Demodata kan ikke læses: ${p.detail}`,
  file_too_large: (p) => `${p.name} fylder ${mib(p.size)} MiB; arbejdsområdet tager bilag på højst ${mib(p.limit)} MiB`,
  attachment_limit_out_of_range: () => 'Grænsen for bilag skal være mellem 1 og 4096 MiB',
  attachment_not_here: (p) => `Indholdet af ${p.file_name} er ikke på denne computer endnu; synkronisér og prøv igen`,
  attachment_damaged: (p) =>
    `Det gemte indhold af ${p.file_name} er beskadiget; erstat bilaget eller synkronisér det igen`,
  no_such_version: (p) => `Version ${p.version} findes ikke; bilaget har version 1 til ${p.latest}`,
  quorum_out_of_range: () => 'Beslutningsdygtigheden skal være mellem 0 og 1000 medlemmer',
  committee_has_resolutions: (p) =>
    `Komitéen ${q(p.name)} har ${p.resolutions === 1 ? 'en skriftlig beslutning' : `${p.resolutions} skriftlige beslutninger`}; den kan ikke slettes`,
  not_a_member: (p) => `${q(p.name)} er ikke medlem af ${q(p.committee)}`,
  observer_cannot_vote: (p) => `${q(p.name)} er observatør og stemmer ikke`,
  not_present: (p) => `${q(p.name)} er ikke registreret som til stede ved mødet; registrér fremmødet først`,
  declared_interest: (p) => `${q(p.name)} har erklæret sig inhabil i punktet og stemmer ikke om det`,
  vote_closed: (p) => `Afstemningen er afsluttet (resultat: ${word('vote.result', p.result)})`,
  resolution_closed: (p) =>
    `Den skriftlige beslutning lukkede ${p.closes_at}; en stemme afgivet efter lukketidspunktet tælles ikke`,
  resolution_open: (p) => `Den skriftlige beslutning er åben til ${p.closes_at}`,
  result_provisional: (p) =>
    `Resultatet er foreløbigt: stemmerne fra ${p.waiting.join(', ')} frem til lukketidspunktet er ikke alle nået frem; det er endeligt, når de er, dog senest ${p.final_by}`,
  closes_in_past: (p) => `Lukketidspunktet ${p.closes_at} er passeret; vælg et senere`,

  // The store.
  no_workspace: (p) => `Der er intet arbejdsområde i ${p.path}`,
  no_workspace_open: () => 'Intet arbejdsområde er åbent',
  already_exists: (p) => `Der findes allerede en fil i ${p.path}; vælg et andet sted`,
  not_a_workspace: (p) => `${p.path} er ikke et Steerco-arbejdsområde`,
  busy: (p) => `En anden Steerco-proces er ved at lukke ${p.path}; prøv igen om et øjeblik`,
  newer_schema: (p) =>
    `Arbejdsområdet er skrevet af en nyere Steerco (skema ${p.found}; denne version kender op til ${p.known}); opdatér Steerco for at åbne det. Filen er ikke ændret.`,
  migration_checksum: (p) =>
    `Migrering ${p.version} er ændret, efter den blev udført (kontrolsummen passer ikke); filen er ikke ændret`,
  not_found: (p) => `${upper(entity[p.kind])} ${q(p.key)} findes ikke`,
  ambiguous: (p) => `${q(p.key)} passer på flere (${entity[p.kind]}): ${p.candidates}`,
  duplicate_code: (p) => `Der findes allerede et initiativ med nummeret ${q(p.code)}`,
  bad_export: (p) => `Ikke en Steerco-eksport: ${p.detail}`,
  clock: (p) => `Fejl i uret: ${p.detail}`,
  database: (p) => `Databasefejl: ${p.detail}`,
  io: (p) => (p.path ? `Filfejl ved ${p.path}: ${p.detail}` : `Filfejl: ${p.detail}`),
  json: (p) => `JSON-fejl: ${p.detail}`,

  // Sync.
  other_workspace: (p) =>
    `${p.place ? `Mappen ${p.place}` : 'Serverens arbejdsområde'} hører til et andet arbejdsområde (${p.theirs}); dette er ${p.ours}. Intet blev udvekslet.`,
  not_a_sync_folder: (p) => `${p.path} er ikke en Steerco-synkroniseringsmappe`,
  newer_folder: (p) => `${p.place} er skrevet af en nyere Steerco; opdatér for at synkronisere med den`,
  needs_passphrase: (p) => `${p.place} er krypteret: angiv arbejdsområdets adgangsfrase`,
  not_encrypted: (p) =>
    `${p.place} er ikke krypteret; synkronisér uden adgangsfrase (eller brug en ny, tom mappe til en krypteret)`,
  passphrase_changed: (p) => `Adgangsfrasen til ${p.place} er skiftet: angiv den nye`,
  empty_passphrase: () => 'Den nye adgangsfrase må ikke være tom',
  closed_items_need_encryption: (p) =>
    `Arbejdsområdet har ${p.closed} lukkede (fortrolige) dagsordenspunkter, så det synkroniseres kun til en krypteret mappe; angiv en adgangsfrase (en ny, tom mappe bliver krypteret). ${p.place} blev ikke brugt.`,
  other_sync_kind: (p) =>
    `Arbejdsområdet synkroniseres gennem ${via[p.used]}; det kan ikke også synkroniseres gennem ${via[p.wanted]}, hvis medlemmer aldrig ville få dets tidligere ændringer. Hent det fra ${via[p.wanted]} ind i en ny fil for at skifte.`,
  wrong_passphrase: () => 'Adgangsfrasen er forkert',
  crypto: (p) => `Krypteringsfejl: ${p.detail}`,

  // A sync server.
  bad_server_url: (p) =>
    `${p.url} er ikke adressen på et arbejdsområde på en Steerco-server (forventet http(s)://VÆRT[:PORT]/NAVN)`,
  unauthorized: () =>
    'Serveren afviste adgangstokenet til dette arbejdsområde (forkert, tilbagekaldt eller til et andet arbejdsområde)',
  nothing_to_join: () =>
    'Serverens arbejdsområde er tomt: ingen har synkroniseret til det endnu, så der er intet at hente',
  segment_conflict: (p) =>
    `Serveren har allerede segment ${p.segment} fra denne kopi med et andet indhold; arbejdsområdefilen er kopieret eller gendannet fra en sikkerhedskopi. Der blev ikke sendt mere.`,
  server_refused: (p) => `Serveren afviste forespørgslen (${p.status} ${p.code}): ${p.detail}`,
  server_unreachable: (p) => `Serveren på ${p.url} kunne ikke nås efter ${p.attempts} forsøg: ${p.detail}`,
  server_protocol: (p) => `Serveren sendte noget, som denne version ikke forstår: ${p.detail}`,
  other_address: (p) =>
    `${p.first} og ${p.other} er ikke adresser på det samme arbejdsområde på én server, så der blev ikke udvekslet noget med ${p.other}; se listen over adresser efter. (${p.first}: ${p.first_is}; ${p.other}: ${p.other_is}.)`,
  closed: () => 'Arbejdsområdet blev lukket under synkroniseringen',

  // The app.
  no_file_dialog: () => 'Der kan ikke vises en fildialog på denne computer; skriv stien i stedet',
  needs_token: () => 'Adgangstokenet til serveren er ikke gemt på denne computer: forbind igen med det',
  no_sync_folder: () => 'Vælg først en delt mappe',
  needs_current_passphrase: () => 'Angiv den nuværende adgangsfrase',
  could_run: (p) => `${p.file_name} kan køre som et program og åbnes derfor ikke; gem en kopi i stedet`,
  internal: (p) => `Noget gik galt: ${p.detail}`,

  // Exports.
  export_failed: (p) => `Filen kunne ikke skrives: ${p.detail}`,
  bad_data: (p) => `Mødets gemte data er beskadiget: ${p.detail}`,

  // Spreadsheet import.
  not_a_spreadsheet: (p) => `Filen er hverken et CSV- eller XLSX-regneark: ${p.detail}`,
  sheet_no_header: () => 'Regnearket har ingen overskriftsrække',
  sheet_no_column: (p) => `Regnearket har ingen kolonne for ${columnText(p.column, da)}`,
  sheet_column_twice: (p) => `Kolonnen ${q(p.header)} står to gange`,
  sheet_column_year: (p) => `${q(p.header)}: ${p.year} er ikke et muligt år`,
  sheet_bad_rows: (p) => `Intet blev importeret: ${badRowsText(p.rows, da)}`,
};
