// English texts of the app's errors (see errors.ts): one for every code. Close
// to the CLI's sentences, without its command-line hints.
import type { Entity, MinutesPart, Missing, Restorable, SyncKind, Vocabulary } from '../bindings';
import { en } from './en';
import type { ErrorTexts } from './errors';
import { badRowsText, columnText } from '../sheet';

const missing: Record<Missing, string> = {
  initiative_title: 'An initiative needs a title',
  milestone_title: 'A milestone needs a title',
  risk_title: 'A risk needs a title',
  committee_name: 'A committee needs a name',
  person_name: 'A person needs a name',
  focus_area_name: 'A focus area needs a name',
  your_name: 'Type your name',
  topic_title: 'A topic needs a title',
  task_title: 'A task needs a title',
  comment_text: 'A comment needs a text',
  meeting_title: 'A meeting needs a title',
  agenda_item_title: 'An agenda item needs a title',
  outcome_text: 'An entry in the minutes needs a text',
  action_owner: 'An action needs an owner',
  action_due: 'An action needs a due date',
  reopen_reason: 'A reopen needs a reason',
  proposal: 'A vote needs a proposal',
  vote_on: "A vote is on an agenda item, or a committee's written resolution",
  closing_time: 'A written resolution needs a closing time',
};

const vocabulary: Record<Vocabulary, string> = {
  committee_kind: 'a kind of committee',
  role: 'a role',
  task_state: 'a task state',
  attendance: 'an attendance',
  meeting_state: 'a meeting state',
  decision_status: 'a decision status',
  risk_status: 'a risk status',
  outcome_kind: 'a kind of entry in the minutes',
  phase: 'a phase',
  language: 'a language',
  format: 'a file format',
  export: 'something to export',
  vote_choice: 'a vote',
};

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
  agenda: 'the agenda',
  attendance: 'the attendance',
  minutes: 'the minutes',
  meeting: "the meeting's details",
};

const restorable: Record<Restorable, string> = {
  agenda_item: 'agenda item',
  outcome: 'entry in the minutes',
  member: 'member',
  committee: 'committee',
  milestone: 'milestone',
  topic: 'topic',
  task: 'task',
  attachment: 'attachment',
};

const entity: Record<Entity, string> = {
  initiative: 'initiative',
  focus_area: 'focus area',
  milestone: 'milestone',
  risk: 'risk',
  committee: 'committee',
  person: 'person',
  topic: 'topic',
  meeting: 'meeting',
  agenda_item: 'agenda item',
  member: 'member',
  decision: 'decision',
  outcome: 'entry in the minutes',
  task: 'task',
  conflict: 'conflict',
  attachment: 'attachment',
  vote: 'vote',
  published_report: 'published report',
  row: 'row',
  deleted_initiative: 'deleted initiative',
};

const via: Record<SyncKind, string> = { folder: 'a shared folder', server: 'a server' };

const catalogue: Record<string, string | undefined> = en;
const word = (prefix: string | undefined, value: string) =>
  (prefix && catalogue[`${prefix}.${value.replace('-', '_')}`]) || value;
const state = (s: string) => `“${word('state', s)}”`;
const upper = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
const q = (s: string) => `“${s}”`;
const mib = (bytes: number) => (bytes / (1024 * 1024)).toFixed(1);

export const errorsEn: ErrorTexts = {
  // Refusals.
  missing: (p) => missing[p.what],
  not_one_of: (p) =>
    `${q(p.value)} is not ${vocabulary[p.what]}; use one of: ${p.allowed.map((a) => word(labels[p.what], a)).join(', ')}`,
  not_a_date: (p) => `${q(p.value)} is not a date; use YYYY-MM-DD`,
  not_a_date_time: (p) => `${q(p.value)} is not a date and time; use YYYY-MM-DDTHH:MM`,
  no_such_local_time: (p) => `${p.value} does not exist in the time zone ${p.zone} (the clocks go forward)`,
  not_a_time_zone: (p) => `${q(p.value)} is not a time zone; use an IANA name such as Europe/Copenhagen`,
  not_a_year: (p) => `${q(p.value)} is not a year`,
  implausible_year: (p) => `${p.year} is not a plausible year`,
  not_a_half_year: (p) => `${q(p.value)} is not a half-year; use YYYY-H1 or YYYY-H2`,
  not_a_period: (p) => `${q(p.value)} is not a period; use YYYY-Qn (quarter), YYYY-Hn (half-year) or YYYY-MM`,
  end_before_start: (p) => `The end date ${p.end} is before the start date ${p.start}`,
  milestone_done_in_future: (p) => `A milestone cannot be done on a future date (${p.date}; today is ${p.today})`,
  status_in_future: (p) => `A status cannot be as of a future date (${p.date}; today is ${p.today})`,
  not_an_initiative_code: (p) =>
    `${q(p.value)} is not an initiative number; use letters, digits, “.” or “-” (e.g. 8.1)`,
  not_a_focus_area: (p) => `${q(p.value)} is not the number of a focus area`,
  focus_area_number_taken: (p) => `Focus area ${p.number} exists already; choose another number`,
  focus_area_not_empty: (p) =>
    `Focus area ${p.number} still holds ${p.initiatives === 1 ? '1 initiative' : `${p.initiatives} initiatives`}; move them to another focus area first`,
  focus_area_place: (p) => `Place ${p.place} is not in the list of focus areas (1 to ${p.last})`,
  nothing_to_change: () => 'There is nothing to change',
  no_amount: () => 'Give a budget, an actual spend, or both',
  negative_amount: () => 'Amounts may not be negative',
  committee_exists: (p) => `A committee named ${q(p.name)} exists already`,
  committee_cycle: () => 'A committee cannot report to itself or to a committee below it',
  no_such_person: (p) => `There is no person named ${q(p.name)}; add them first`,
  topic_on_agenda: () => 'This topic is on an agenda already',
  task_needs_board: () => 'A task needs a committee or an initiative',
  task_board_unclear: (p) =>
    `${p.committees === 0 ? 'No committee covers' : `${p.committees} committees cover`} initiative ${p.initiative}; choose the committee whose board the task goes on`,
  not_own_task: () => "This task is an action from a meeting's minutes; correct it in the minutes",
  meeting_duration: () => 'A meeting lasts between 1 minute and 24 hours',
  item_duration: () => 'An item lasts between 0 and 1440 minutes',
  state_move: (p) =>
    `A meeting in the state ${state(p.from)} cannot move to ${state(p.to)} (only from ${p.allowed.map(state).join(' or ')})`,
  minutes_approved: (p) => `The minutes are approved and read-only; reopen the meeting to change ${part[p.what]}`,
  not_in_this_state: (p) => `${upper(part[p.what])} cannot be changed while the meeting is ${state(p.state)}`,
  not_on_agenda: (p) => `Place ${p.place} is not on the agenda (1 to ${p.last})`,
  no_earlier_meeting: () => 'The committee has no earlier meeting to copy an agenda from',
  committee_has_meetings: (p) =>
    `The committee ${q(p.name)} has ${p.meetings === 1 ? '1 meeting' : `${p.meetings} meetings`}; a committee with meetings cannot be deleted`,
  meeting_cancelled: () => 'The meeting is cancelled and cannot change',
  not_cancellable: (p) => `Only a meeting not yet held (draft or open) can be cancelled; this one is ${state(p.state)}`,
  not_deleted: (p) => `This ${restorable[p.what]} is not deleted; there is nothing to undo`,
  not_an_email: (p) => `${q(p.value)} is not an e-mail address`,
  only_actions_have_owners: () => 'Only an action has an owner and a due date',
  not_a_banding: (p) => `${q(p.value)} is not a banding; give the upper scores of LOW,MEDIUM, e.g. 4,12`,
  bands_out_of_range: () => 'The bands need 1 <= low < medium < 25 (scores run from 1 to 25)',
  score_out_of_range: (p) =>
    `${p.what === 'inherent' ? 'Inherent' : 'Residual'} likelihood and impact run from 1 to 5 (got ${p.likelihood} and ${p.impact})`,
  grey_after_out_of_range: () => 'Grey after must be between 1 and 3650 days',
  reminder_days_out_of_range: () => 'Remind between 1 and 30 days before a task is due',
  minutes_changed_after_approval: () =>
    'The minutes were changed after approval: reopen the meeting, check the minutes and approve them again',
  delete_conflict: () =>
    'A conflict between a delete and an edit cannot be undone here yet; re-create the item if it is still needed',
  approved_minutes_not_here: () => 'The approved minutes have not reached this computer yet; sync and try again',
  approved_minutes_gone: () =>
    'Part of the approved minutes was removed since and cannot be put back here; reopen the meeting to correct the minutes',
  not_a_minutes_conflict: () => 'This conflict is not about approved minutes; keep yours or theirs',
  choose_identity: () => 'Choose who you are first',
  answer_identity_question: (p) =>
    `This workspace knows you as ${q(p.recorded)}; choose whether to go on as ${q(p.recorded)} or as ${q(p.installation)}`,
  bad_change: (p) => `The change was refused: ${p.detail}`,
  row_clash: (p) => `Cannot add ${p.table} ${p.row}: it exists already or refers to something missing`,
  demo_unreadable: (p) => `The demo data is unreadable: ${p.detail}`,
  file_too_large: (p) =>
    `${p.name} is ${mib(p.size)} MiB; the workspace takes attachments of at most ${mib(p.limit)} MiB`,
  attachment_limit_out_of_range: () => 'The attachment limit is between 1 and 4096 MiB',
  attachment_not_here: (p) => `The content of ${p.file_name} is not on this computer yet; sync and try again`,
  attachment_damaged: (p) => `The stored content of ${p.file_name} is damaged; replace the attachment or sync it again`,
  no_such_version: (p) => `Version ${p.version} does not exist; the attachment has versions 1 to ${p.latest}`,
  quorum_out_of_range: () => 'A quorum is between 0 and 1000 members',
  committee_has_resolutions: (p) =>
    `Committee ${q(p.name)} has ${p.resolutions === 1 ? 'a written resolution' : `${p.resolutions} written resolutions`}; it cannot be deleted`,
  not_a_member: (p) => `${q(p.name)} is not a member of ${q(p.committee)}`,
  observer_cannot_vote: (p) => `${q(p.name)} is an observer and does not vote`,
  not_present: (p) => `${q(p.name)} is not recorded as present at the meeting; record the attendance first`,
  declared_interest: (p) => `${q(p.name)} declared an interest in this item and does not vote on it`,
  vote_closed: (p) => `This vote is closed (result: ${word('vote.result', p.result)})`,
  resolution_closed: (p) => `The written resolution closed at ${p.closes_at}; a vote made after it is not counted`,
  resolution_open: (p) => `The written resolution is open until ${p.closes_at}`,
  result_provisional: (p) =>
    `The result is provisional: the votes of ${p.waiting.join(', ')} up to the closing time have not all arrived; it is final once they have, or at ${p.final_by}`,
  closes_in_past: (p) => `The closing time ${p.closes_at} has passed; choose a later one`,

  // The store.
  no_workspace: (p) => `There is no workspace at ${p.path}`,
  no_workspace_open: () => 'No workspace is open',
  already_exists: (p) => `A file already exists at ${p.path}; choose another place`,
  not_a_workspace: (p) => `${p.path} is not a Steerco workspace`,
  busy: (p) => `Another Steerco process is closing ${p.path}; try again in a moment`,
  newer_schema: (p) =>
    `This workspace was written by a newer Steerco (schema ${p.found}; this version knows up to ${p.known}); update Steerco to open it. The file was not changed.`,
  migration_checksum: (p) =>
    `Migration ${p.version} was changed after it was applied (checksum mismatch); the file was not changed`,
  not_found: (p) => `There is no ${entity[p.kind]} ${q(p.key)}`,
  ambiguous: (p) => `${q(p.key)} matches more than one ${entity[p.kind]}: ${p.candidates}`,
  duplicate_code: (p) => `An initiative with the number ${q(p.code)} exists already`,
  bad_export: (p) => `Not a Steerco export: ${p.detail}`,
  clock: (p) => `Clock error: ${p.detail}`,
  database: (p) => `Database error: ${p.detail}`,
  io: (p) => (p.path ? `File error at ${p.path}: ${p.detail}` : `File error: ${p.detail}`),
  json: (p) => `JSON error: ${p.detail}`,

  // Sync.
  other_workspace: (p) =>
    `${p.place ? `The folder ${p.place}` : "The server's workspace"} belongs to another workspace (${p.theirs}); this workspace is ${p.ours}. Nothing was exchanged.`,
  not_a_sync_folder: (p) => `${p.path} is not a Steerco sync folder`,
  newer_folder: (p) => `${p.place} was written by a newer Steerco; update to sync with it`,
  needs_passphrase: (p) => `${p.place} is encrypted: give the workspace passphrase`,
  not_encrypted: (p) =>
    `${p.place} is not encrypted; sync without a passphrase (or use a new, empty folder for an encrypted one)`,
  passphrase_changed: (p) => `The passphrase of ${p.place} was changed: give the new one`,
  empty_passphrase: () => 'The new passphrase may not be empty',
  closed_items_need_encryption: (p) =>
    `This workspace has ${p.closed} closed (confidential) agenda items, so it syncs only to an encrypted folder; give a passphrase (a new, empty folder becomes encrypted). ${p.place} was not used.`,
  other_sync_kind: (p) =>
    `This workspace syncs through ${via[p.used]}; it cannot also sync through ${via[p.wanted]}, whose members would never get its earlier changes. To move to ${via[p.wanted]}, join from it into a new file.`,
  wrong_passphrase: () => 'The passphrase is wrong',
  crypto: (p) => `Encryption error: ${p.detail}`,

  // A sync server.
  bad_server_url: (p) =>
    `${p.url} is not the address of a workspace on a Steerco server (expected http(s)://HOST[:PORT]/NAME)`,
  unauthorized: () =>
    'The server refused the access token for this workspace (wrong, revoked or for another workspace)',
  nothing_to_join: () => "The server's workspace is empty: nobody has synced to it yet, so there is nothing to join",
  segment_conflict: (p) =>
    `The server already holds segment ${p.segment} of this copy with different content; this workspace file was copied or restored from a backup. Nothing more was sent.`,
  server_refused: (p) => `The server refused the request (${p.status} ${p.code}): ${p.detail}`,
  server_unreachable: (p) => `The server at ${p.url} could not be reached after ${p.attempts} attempts: ${p.detail}`,
  server_protocol: (p) => `The server sent something this version does not understand: ${p.detail}`,
  other_address: (p) =>
    `${p.first} and ${p.other} are not addresses of the same workspace on one server, so nothing was exchanged with ${p.other}; check the list of addresses. (${p.first}: ${p.first_is}; ${p.other}: ${p.other_is}.)`,
  closed: () => 'The workspace was closed while it synced',

  // The app.
  no_file_dialog: () => 'No file dialog can be shown on this computer; type the path instead',
  needs_token: () => 'The access token for the server is not kept on this computer: connect again with it',
  no_sync_folder: () => 'Choose a shared folder first',
  needs_current_passphrase: () => 'Give the current passphrase',
  could_run: (p) => `${p.file_name} could run as a program, so it is not opened; save a copy instead`,
  internal: (p) => `Something went wrong: ${p.detail}`,

  // Exports.
  export_failed: (p) => `The file could not be written: ${p.detail}`,
  bad_data: (p) => `The meeting's stored data is damaged: ${p.detail}`,

  // Spreadsheet import.
  not_a_spreadsheet: (p) => `The file is neither a CSV nor an XLSX spreadsheet: ${p.detail}`,
  sheet_no_header: () => 'The spreadsheet has no header row',
  sheet_no_column: (p) => `The spreadsheet has no ${columnText(p.column, en)} column`,
  sheet_column_twice: (p) => `The column ${q(p.header)} appears twice`,
  sheet_column_year: (p) => `${q(p.header)}: ${p.year} is not a plausible year`,
  sheet_bad_rows: (p) => `Nothing was imported: ${badRowsText(p.rows, en)}`,
};
