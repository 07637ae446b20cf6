// Generated from the Rust types by crates/steerco-app-core/src/bindings.rs.
// Do not edit: run `make bindings`.

export type Rag = "green" | "amber" | "red" | "grey";

export type Dimension = "overall" | "time" | "cost" | "scope" | "benefit";

export type Phase = "analysis" | "tender" | "implementation" | "operation" | "closed";

export type Trend = "improving" | "stable" | "worsening" | "unknown";

export type CommitteeKind = "portfolio" | "steering" | "working";

export type Role = "chair" | "secretary" | "member" | "observer";

export type MeetingState = "draft" | "open" | "in_progress" | "closed" | "approved";

export type Move = "open" | "in-progress" | "closed" | "approved" | "reopened";

export type StateRule = { moves: Array<Move>, edits: Array<MinutesPart>, };

export type MoveRule = { from: Array<MeetingState>, to: MeetingState, };

export type AgendaKind = "item" | "follow_up";

export type OutcomeKind = "note" | "decision" | "action";

export type DecisionStatus = "proposed" | "adopted" | "rejected" | "superseded";

export type TaskState = "todo" | "doing" | "blocked" | "done";

export type Attendance = "invited" | "present" | "apologies";

export type RiskStatus = "open" | "closed";

export type Band = "low" | "medium" | "high";

export type FocusArea = { id: string, number: number, track: number | null, name_da: string, name_en: string | null, name_en_verified: boolean, };

export type SheetColumn = { "kind": "focus_area" } | { "kind": "code" } | { "kind": "title" } | { "kind": "lead" } | { "kind": "phase" } | { "kind": "start" } | { "kind": "end" } | { "kind": "budget", "year": number } | { "kind": "actual", "year": number };

export type SheetRowProblem = { "code": "no_code" } | { "code": "bad_code", "params": { value: string, } } | { "code": "no_title" } | { "code": "bad_date", "params": { column: SheetColumn, value: string, } } | { "code": "end_before_start", "params": { start: string, end: string, } } | { "code": "bad_phase", "params": { value: string, } } | { "code": "bad_amount", "params": { column: SheetColumn, value: string, } } | { "code": "negative_amount", "params": { column: SheetColumn, } } | { "code": "bad_focus_area", "params": { value: string, } } | { "code": "no_such_focus_area", "params": { number: number, } } | { "code": "focus_area_names", "params": { number: number, name: string, other: string, other_row: number, } } | { "code": "focus_area_renamed", "params": { number: number, name: string, new_name: string, } } | { "code": "code_twice", "params": { code: string, first_row: number, } } | { "code": "code_exists", "params": { code: string, } };

export type SheetBadRow = { row: number, problems: Array<SheetRowProblem>, };

export type SheetRowOutcome = { "kind": "new" } | { "kind": "update", columns: Array<SheetColumn>, } | { "kind": "unchanged" } | { "kind": "bad", problems: Array<SheetRowProblem>, };

export type SheetRow = { 
/**
 * The row's number as a spreadsheet program shows it (header: row 1).
 */
row: number, code: string, title: string, outcome: SheetRowOutcome, };

export type SheetNewFocusArea = { number: number, name: string, };

export type SheetRenamedFocusArea = { number: number, from: string, to: string, };

export type SheetImportPreview = { rows: Array<SheetRow>, new_focus_areas: Array<SheetNewFocusArea>, renamed_focus_areas: Array<SheetRenamedFocusArea>, 
/**
 * Headers of columns the import does not read.
 */
ignored_columns: Array<string>, new: number, updated: number, unchanged: number, bad: number, };

export type SheetPreview = { path: string, preview: SheetImportPreview, };

export type FocusAreaRow = { id: string, number: number, name_da: string, name_en: string | null, 
/**
 * 1-based place in the committee's order.
 */
place: number, initiatives: number, };

export type DimensionStatus = { rag: Rag, trend: Trend, date: string, reason: string | null, sample: boolean, };

export type InitiativeSummary = { id: string, code: string, code_verified: boolean, title: string | null, title_verified: boolean, title_en: string | null, title_en_verified: boolean, focus_area: number | null, phase: Phase | null, lead: string | null, 
/**
 * Latest status per dimension; a dimension never reported is absent (grey).
 */
status: { [key in Dimension]?: DimensionStatus }, 
/**
 * The name to show in Danish and in English (see `display_title`).
 */
display_title_da: string, display_title_en: string, };

export type Portfolio = { focus_areas: Array<FocusArea>, initiatives: Array<InitiativeSummary>, 
/**
 * Initiatives the portfolio should hold (33), when known.
 */
planned: number | null, 
/**
 * Initiatives known, and of those with a verified title.
 */
known: number, verified_titles: number, 
/**
 * Some shown status is illustrative sample data.
 */
has_sample: boolean, };

export type StatusEntry = { id: string, dimension: string, rag: string, reason: string | null, date: string, author: string | null, recorded_at: string, sample: boolean, };

export type Milestone = { id: string, title: string, planned_date: string | null, done_date: string | null, 
/**
 * Every planned date it has had, oldest first.
 */
plan_history: Array<string>, sample: boolean, };

export type BudgetYear = { year: number, budget: number | null, actual: number | null, 
/**
 * actual - budget (positive: over budget), as on the dashboard.
 */
variance: number | null, };

export type InitiativeDetail = { description: string | null, start_date: string | null, end_date: string | null, source: string | null, note: string | null, 
/**
 * Newest first.
 */
status_history: Array<StatusEntry>, milestones: Array<Milestone>, budget: Array<BudgetYear>, id: string, code: string, code_verified: boolean, title: string | null, title_verified: boolean, title_en: string | null, title_en_verified: boolean, focus_area: number | null, phase: Phase | null, lead: string | null, 
/**
 * Latest status per dimension; a dimension never reported is absent (grey).
 */
status: { [key in Dimension]?: DimensionStatus }, 
/**
 * The name to show in Danish and in English (see `display_title`).
 */
display_title_da: string, display_title_en: string, };

export type HistoryEntry = { hlc: string, 
/**
 * Wall time of the stamp, RFC 3339.
 */
at: string, replica: string, author: string | null, table: string, row_id: string, op: string, fields: Record<string, unknown>, 
/**
 * For each field, the stamp of the value it replaced (absent on inserts).
 */
prev: Record<string, string> | null, };

export type Person = { id: string, name: string, email: string | null, organisation: string | null, sample: boolean, };

export type IdentityQuestion = { 
/**
 * The person the workspace recorded for this installation.
 */
recorded: string, 
/**
 * The installation's identity.
 */
installation: string, };

export type WorkspaceInfo = { id: string, name: string, time_zone: string, 
/**
 * How many initiatives the portfolio is meant to hold (33 for the strategy).
 */
planned_initiatives: number | null, source: string | null, 
/**
 * The workspace holds illustrative sample data (the demo).
 */
sample: boolean, };

export type InitiativeForm = { title: string, title_en: string, description: string, lead: string, 
/**
 * analysis, tender, implementation, operation, closed or "".
 */
phase: string, 
/**
 * A focus area number, or "".
 */
focus_area: string, 
/**
 * YYYY-MM-DD or "".
 */
start_date: string, end_date: string, };

export type NewStatus = { dimension: Dimension, rag: Rag, reason: string | null, 
/**
 * The date the status is as of; today when None.
 */
date: string | null, sample: boolean, };

export type Missing = "initiative_title" | "milestone_title" | "risk_title" | "committee_name" | "person_name" | "focus_area_name" | "your_name" | "topic_title" | "task_title" | "comment_text" | "meeting_title" | "agenda_item_title" | "outcome_text" | "action_owner" | "action_due" | "reopen_reason" | "proposal" | "vote_on" | "closing_time";

export type Vocabulary = "committee_kind" | "role" | "task_state" | "attendance" | "meeting_state" | "decision_status" | "risk_status" | "outcome_kind" | "phase" | "language" | "format" | "export" | "vote_choice";

export type MinutesPart = "agenda" | "attendance" | "minutes" | "meeting";

export type Assessed = "inherent" | "residual";

export type Entity = "initiative" | "focus_area" | "milestone" | "risk" | "committee" | "person" | "topic" | "meeting" | "agenda_item" | "member" | "decision" | "outcome" | "task" | "conflict" | "attachment" | "vote" | "published_report" | "row" | "deleted_initiative";

export type Restorable = "agenda_item" | "outcome" | "member" | "committee" | "milestone" | "topic" | "task" | "attachment";

export type Refusal = { "code": "missing", "params": { what: Missing, } } | { "code": "not_one_of", "params": { value: string, what: Vocabulary, allowed: Array<string>, } } | { "code": "not_a_date", "params": { value: string, } } | { "code": "not_a_date_time", "params": { value: string, } } | { "code": "no_such_local_time", "params": { value: string, zone: string, } } | { "code": "not_a_time_zone", "params": { value: string, } } | { "code": "not_a_year", "params": { value: string, } } | { "code": "implausible_year", "params": { year: number, } } | { "code": "not_a_half_year", "params": { value: string, } } | { "code": "not_a_period", "params": { value: string, } } | { "code": "end_before_start", "params": { start: string, end: string, } } | { "code": "milestone_done_in_future", "params": { date: string, today: string, } } | { "code": "status_in_future", "params": { date: string, today: string, } } | { "code": "not_an_initiative_code", "params": { value: string, } } | { "code": "not_a_focus_area", "params": { value: string, } } | { "code": "focus_area_number_taken", "params": { number: number, } } | { "code": "focus_area_not_empty", "params": { number: number, initiatives: number, } } | { "code": "focus_area_place", "params": { place: number, last: number, } } | { "code": "nothing_to_change" } | { "code": "no_amount" } | { "code": "negative_amount" } | { "code": "committee_exists", "params": { name: string, } } | { "code": "committee_cycle" } | { "code": "no_such_person", "params": { name: string, } } | { "code": "topic_on_agenda" } | { "code": "task_needs_board" } | { "code": "task_board_unclear", "params": { initiative: string, committees: number, } } | { "code": "not_own_task" } | { "code": "meeting_duration" } | { "code": "item_duration" } | { "code": "state_move", "params": { from: string, to: string, allowed: Array<string>, } } | { "code": "minutes_approved", "params": { what: MinutesPart, } } | { "code": "not_in_this_state", "params": { what: MinutesPart, state: string, } } | { "code": "not_on_agenda", "params": { place: number, last: number, } } | { "code": "no_earlier_meeting" } | { "code": "committee_has_meetings", "params": { name: string, meetings: number, } } | { "code": "meeting_cancelled" } | { "code": "not_cancellable", "params": { state: string, } } | { "code": "not_deleted", "params": { what: Restorable, } } | { "code": "not_an_email", "params": { value: string, } } | { "code": "only_actions_have_owners" } | { "code": "not_a_banding", "params": { value: string, } } | { "code": "bands_out_of_range" } | { "code": "score_out_of_range", "params": { what: Assessed, likelihood: number, impact: number, } } | { "code": "grey_after_out_of_range" } | { "code": "reminder_days_out_of_range" } | { "code": "minutes_changed_after_approval" } | { "code": "delete_conflict" } | { "code": "approved_minutes_not_here" } | { "code": "approved_minutes_gone" } | { "code": "not_a_minutes_conflict" } | { "code": "choose_identity" } | { "code": "answer_identity_question", "params": { recorded: string, installation: string, } } | { "code": "bad_change", "params": { detail: string, } } | { "code": "row_clash", "params": { table: string, row: string, } } | { "code": "demo_unreadable", "params": { detail: string, } } | { "code": "file_too_large", "params": { name: string, size: number, limit: number, } } | { "code": "attachment_limit_out_of_range" } | { "code": "attachment_not_here", "params": { file_name: string, } } | { "code": "attachment_damaged", "params": { file_name: string, } } | { "code": "no_such_version", "params": { version: number, latest: number, } } | { "code": "quorum_out_of_range" } | { "code": "committee_has_resolutions", "params": { name: string, resolutions: number, } } | { "code": "not_a_member", "params": { name: string, committee: string, } } | { "code": "observer_cannot_vote", "params": { name: string, } } | { "code": "not_present", "params": { name: string, } } | { "code": "declared_interest", "params": { name: string, } } | { "code": "vote_closed", "params": { result: string, } } | { "code": "resolution_closed", "params": { closes_at: string, } } | { "code": "resolution_open", "params": { closes_at: string, } } | { "code": "result_provisional", "params": { waiting: Array<string>, final_by: string, } } | { "code": "closes_in_past", "params": { closes_at: string, } };

export type SyncKind = "folder" | "server";

export type Problem = { "code": "no_workspace", "params": { path: string, } } | { "code": "no_workspace_open" } | { "code": "already_exists", "params": { path: string, } } | { "code": "not_a_workspace", "params": { path: string, } } | { "code": "busy", "params": { path: string, } } | { "code": "newer_schema", "params": { found: number, known: number, } } | { "code": "migration_checksum", "params": { version: number, } } | { "code": "not_found", "params": { kind: Entity, key: string, } } | { "code": "ambiguous", "params": { kind: Entity, key: string, candidates: string, } } | { "code": "duplicate_code", "params": { code: string, } } | { "code": "bad_export", "params": { detail: string, } } | { "code": "clock", "params": { detail: string, } } | { "code": "database", "params": { detail: string, } } | { "code": "io", "params": { path: string | null, detail: string, } } | { "code": "json", "params": { detail: string, } } | { "code": "other_workspace", "params": { place: string | null, theirs: string, ours: string, } } | { "code": "not_a_sync_folder", "params": { path: string, } } | { "code": "newer_folder", "params": { place: string, } } | { "code": "needs_passphrase", "params": { place: string, } } | { "code": "not_encrypted", "params": { place: string, } } | { "code": "passphrase_changed", "params": { place: string, } } | { "code": "empty_passphrase" } | { "code": "closed_items_need_encryption", "params": { place: string, closed: number, } } | { "code": "other_sync_kind", "params": { used: SyncKind, wanted: SyncKind, } } | { "code": "wrong_passphrase" } | { "code": "crypto", "params": { detail: string, } } | { "code": "bad_server_url", "params": { url: string, } } | { "code": "unauthorized" } | { "code": "nothing_to_join" } | { "code": "segment_conflict", "params": { segment: number, } } | { "code": "server_refused", "params": { status: number, code: string, detail: string, } } | { "code": "server_unreachable", "params": { url: string, attempts: number, detail: string, } } | { "code": "server_protocol", "params": { detail: string, } } | { "code": "other_address", "params": { first: string, first_is: string, other: string, other_is: string, } } | { "code": "closed" } | { "code": "no_file_dialog" } | { "code": "needs_token" } | { "code": "no_sync_folder" } | { "code": "needs_current_passphrase" } | { "code": "could_run", "params": { file_name: string, } } | { "code": "export_failed", "params": { detail: string, } } | { "code": "bad_data", "params": { detail: string, } } | { "code": "not_a_spreadsheet", "params": { detail: string, } } | { "code": "sheet_no_header" } | { "code": "sheet_no_column", "params": { column: SheetColumn, } } | { "code": "sheet_column_twice", "params": { header: string, } } | { "code": "sheet_column_year", "params": { header: string, year: number, } } | { "code": "sheet_bad_rows", "params": { rows: Array<SheetBadRow>, } };

export type ApiError = { 
/**
 * The English text (the CLI's); the UI shows its own from the code.
 */
message: string, } & (Refusal | Problem);

export type AppState = { 
/**
 * "da" or "en".
 */
language: string, 
/**
 * Who I am: the person changes are credited to in the open workspace,
 * else the identity of this run; the app asks first when this is None.
 */
my_name: string | null, 
/**
 * The open workspace remembers another person for this installation:
 * the app asks which to be, once.
 */
identity_question: IdentityQuestion | null, workspace: OpenWorkspace | null, recent: string[], };

export type Preset = { 
/**
 * The sync server's address for a workspace (http or https), or
 * several addresses of one server, one a line (the file may give them
 * as a JSON list), as the app's address field takes them.
 */
server: string | null, };

export type HelpInfo = { version: string, 
/**
 * The text "Copy diagnostics" puts on the clipboard.
 */
diagnostics: string, };

export type ReminderSettings = { 
/**
 * How many days before a task's due date its first reminder comes (1-30).
 */
days_before: number, 
/**
 * Remind of my tasks.
 */
tasks: boolean, 
/**
 * Remind of my committees' meetings, the day before.
 */
meetings: boolean, };

export type OpenWorkspace = { path: string, info: WorkspaceInfo, 
/**
 * Today in the workspace's time zone, by the app's clock (the test clock
 * in tests), so the UI's "is this date past?" agrees with the core's.
 */
today: string, };

export type MinutesChange = { 
/**
 * What changed: `meeting`, `agenda` (the order), `item`, `attendance`,
 * or an outcome by its kind (`note`, `decision`, `action`).
 */
part: string, 
/**
 * How people name it: an item's title, an outcome's text (cut), a
 * person's name; none for the meeting and the agenda's order.
 */
name: string | null, 
/**
 * The field (`title`, `text`, `owner`, `due`, `status`, ...), or
 * `added`, `removed`, `order`.
 */
field: string, approved: string | null, now: string | null, };

export type Conflict = { id: string, table: string, row_id: string, field: string, winner_hlc: string, winner_value: string | null, loser_hlc: string, loser_value: string | null, resolved: boolean, 
/**
 * How it was settled: `mine`, `theirs` or `edit` (from the resolver's side).
 */
resolution: string | null, 
/**
 * The person who settled it, when known.
 */
resolved_by: string | null, resolved_at: string | null, 
/**
 * What the conflict is about, as people name it (an initiative's code
 * and title, a meeting's or agenda item's title, ...), when the row is
 * still there. Read, not stored.
 */
subject: string | null, 
/**
 * For an open conflict about approved minutes: what differs from the
 * approved version, in parts the Sync view words. Read, not stored.
 */
minutes_changes: Array<MinutesChange>, };

export type PeerStatus = { replica: string, 
/**
 * Wall time of the newest change applied from this replica (RFC 3339).
 */
last_change_at: string, applied_at: string, last_segment: number, };

export type WaitKind = "not_arrived" | "newer_version" | "clock_ahead" | "refused";

export type Waiting = { stamp: string, 
/**
 * The replica the stamp names.
 */
replica: string, table: string, row_id: string, op: string, kind: WaitKind, 
/**
 * Why, in English (the CLI prints it).
 */
reason: string, };

export type WaitingFor = { replica: string, 
/**
 * The member's name, when a change of theirs says who made it.
 */
person: string | null, 
/**
 * The missing segment (change file) number.
 */
segment: number, 
/**
 * Since when (RFC 3339) this replica has been waiting for it.
 */
since: string, };

export type SyncStatus = { replica: string, 
/**
 * This replica's changes not yet sent.
 */
unsent: number, peers: Array<PeerStatus>, pending: number, 
/**
 * What waits and why, oldest first (the first `WAITING_SHOWN`): a
 * newer version's change, a row not here yet, a stamp far ahead, a
 * change refused.
 */
waiting: Array<Waiting>, open_conflicts: number, 
/**
 * Members whose later change files wait for a missing one (a folder).
 */
waiting_for: Array<WaitingFor>, 
/**
 * The files the last folder sync set aside ("file: reason").
 */
set_aside: Array<string>, 
/**
 * What the folder's files are protected against: `authenticated`
 * (encrypted: forgery and accidents), `checksum` (not encrypted:
 * accidents only, anyone who can write the folder can forge), or empty
 * (not known yet).
 */
integrity: string, };

export type SyncOutcome = { sent: number, received: number, conflicts: number, waiting: number, 
/**
 * "file: reason" for each file set aside.
 */
set_aside: Array<string>, 
/**
 * "replica: minutes ahead" for each replica whose clock is wrong.
 */
clocks_ahead: Array<string>, at: string, 
/**
 * Where the app keeps the passphrase that worked: `keyring` (the OS
 * keyring), `memory` (no keyring: until the app quits) or `none`.
 */
passphrase_kept: string, 
/**
 * Papers (attachments' bytes) sent and received.
 */
papers_sent: number, papers_received: number, 
/**
 * Papers wanted here that have not arrived yet.
 */
papers_waiting: number, 
/**
 * Papers of other committees not fetched, by this member's choice.
 */
papers_not_fetched: number, 
/**
 * "file: what went wrong" per paper not moved.
 */
papers_problems: Array<string>, };

export type Progress = { files_done: number, files_total: number, bytes_done: number, bytes_total: number, };

export type LiveSync = { 
/**
 * `connecting`, `online`, `offline` (trying again in `retry_in_s`) or
 * `refused` (token, passphrase, workspace: the user must act).
 */
state: string, 
/**
 * Why, when offline or refused (the UI says it in its language).
 */
error: ApiError | null, retry_in_s: number | null, 
/**
 * When the server last answered (RFC 3339).
 */
last_contact: string | null, 
/**
 * Which of the workspace's addresses answered then (`BASE/NAME`).
 */
address: string | null, 
/**
 * Grows with each status told, so the UI keeps the newest of what it
 * hears by event and what it reads with the view.
 */
serial: number, };

export type SyncPanel = { folder: string | null, 
/**
 * The workspace's addresses on a sync server (`BASE/NAME` each, the
 * instances of one deployment in the order tried), when it syncs through
 * one instead of a folder; empty when it does not.
 */
servers: Array<string>, status: SyncStatus, last: SyncOutcome | null, conflicts: Array<Conflict>, 
/**
 * Syncs fetch only the papers of this person's committees (and those
 * they added), not every paper: `sync.papers` is `mine`.
 */
papers_mine: boolean, };

export type SyncView = { live: LiveSync | null, folder: string | null, 
/**
 * The workspace's addresses on a sync server (`BASE/NAME` each, the
 * instances of one deployment in the order tried), when it syncs through
 * one instead of a folder; empty when it does not.
 */
servers: Array<string>, status: SyncStatus, last: SyncOutcome | null, conflicts: Array<Conflict>, 
/**
 * Syncs fetch only the papers of this person's committees (and those
 * they added), not every paper: `sync.papers` is `mine`.
 */
papers_mine: boolean, };

export type VoteChoice = "for" | "against" | "abstain";

export type VoteResult = "adopted" | "rejected" | "not_quorate";

export type VotingRules = { 
/**
 * How many voting members must count for a vote to decide (0: any).
 */
quorum: number, 
/**
 * Whether the chair's vote decides a tie (else a tie rejects).
 */
casting_vote: boolean, };

export type Member = { person_id: string, name: string, role: string, };

export type Committee = { id: string, name: string, kind: string, mandate: string | null, parent: string | null, members: Array<Member>, 
/**
 * Codes of the initiatives it covers.
 */
initiatives: Array<string>, 
/**
 * Its quorum and casting vote (`committee set --quorum`).
 */
voting: VotingRules, };

export type MeetingSummary = { id: string, committee: string, title: string, starts_at: string, duration_min: number, location: string | null, state: string, 
/**
 * Cancelled before it was held: kept, and shown as cancelled.
 */
cancelled: boolean, items: number, outcomes: number, };

export type OutcomeView = { id: string, kind: string, text: string, decision_status: string | null, 
/**
 * For an action: the owner and due date as decided in the meeting (the
 * minutes); the task's current ones are on the task board.
 */
owner: string | null, due_date: string | null, task_state: string | null, };

export type AgendaItemView = { id: string, 
/**
 * 1-based, as `agenda list` shows it.
 */
number: number, title: string, presenter: string | null, duration_min: number | null, initiative: string | null, closed: boolean, kind: string, outcomes: Array<OutcomeView>, };

export type MeetingEvent = { from_state: string, to_state: string, reason: string | null, by: string | null, at: string, };

export type TaskView = { id: string, text: string, owner: string | null, owner_id: string | null, due_date: string | null, state: string, committee: string, 
/**
 * The board it is on (a committee id; names may repeat).
 */
committee_id: string, 
/**
 * The meeting whose minutes recorded it; none for a task of its own.
 */
meeting: string | null, meeting_id: string | null, initiative: string | null, overdue: boolean, description: string | null, 
/**
 * A task of its own (added directly, not from minutes): only these can
 * be deleted, and their title is theirs to change.
 */
own: boolean, 
/**
 * How many comments its thread holds.
 */
comments: number, };

export type TaskComment = { id: string, text: string, author: string | null, 
/**
 * RFC 3339, UTC.
 */
recorded_at: string, };

export type TaskDetail = { task: TaskView, comments: Array<TaskComment>, };

export type DecisionView = { id: string, text: string, 
/**
 * The meeting's date.
 */
date: string, committee: string, meeting: string, meeting_id: string, status: string, supersedes: string | null, initiative: string | null, };

export type AttendanceView = { person_id: string, name: string, 
/**
 * The person's role in the committee, if a member.
 */
role: string | null, status: string, };

export type AttachmentVersion = { id: string, 
/**
 * 1 for the first file; a replace adds the next.
 */
version: number, file_name: string, size: number, media_type: string, 
/**
 * SHA-256 of the content, hex.
 */
hash: string, 
/**
 * The file could run: offer it for saving only, never open it.
 */
executable: boolean, added_by: string | null, 
/**
 * RFC 3339, UTC.
 */
added_at: string, 
/**
 * The content is on this computer.
 */
available: boolean, };

export type AttachmentView = { id: string, item_id: string, item_title: string, 
/**
 * The item's place on the agenda, from 1.
 */
item_number: number, 
/**
 * On a closed (confidential) item: follows the closed items' rules.
 */
closed: boolean, title: string, 
/**
 * The latest version's size in bytes.
 */
size: number, 
/**
 * How many versions there are.
 */
versions: number, latest: AttachmentVersion, 
/**
 * Every version, oldest first.
 */
history: Array<AttachmentVersion>, };

export type PublishedFileView = { format: string, file_name: string, size: number, 
/**
 * SHA-256 of the content, hex.
 */
hash: string, 
/**
 * The bytes are on this computer (else a sync brings them).
 */
available: boolean, };

export type PublishedReportView = { id: string, 
/**
 * status, deliverables or highlight.
 */
kind: string, period: string, title: string, 
/**
 * Who published it, by name (None when not known here).
 */
published_by: string | null, 
/**
 * RFC 3339, UTC.
 */
published_at: string, 
/**
 * Its files: pdf, docx, md.
 */
files: Array<PublishedFileView>, };

export type Topic = { id: string, committee: string, title: string, note: string | null, proposed_by: string | null, recorded_at: string, 
/**
 * The meeting it was put on, once scheduled.
 */
meeting_id: string | null, };

export type Assessment = { inherent: [number, number], residual: [number, number] | null, assessed_on: string, };

export type RiskView = { id: string, initiative_id: string, initiative: string, title: string, cause: string | null, consequence: string | null, mitigation: string | null, owner: string | null, review_date: string | null, status: string, 
/**
 * The assessment in force: (likelihood, impact).
 */
inherent: [number, number], residual: [number, number] | null, assessed_on: string, 
/**
 * low, medium or high: of the residual score, else the inherent one.
 */
band: string, 
/**
 * The assessments before the one in force, newest first.
 */
history: Array<Assessment>, 
/**
 * Illustrative sample data (the demo).
 */
sample: boolean, };

export type Bands = { low: number, medium: number, };

export type DashStatus = { 
/**
 * green, amber, red, or grey (not reported, or older than the grey rule).
 */
rag: string, 
/**
 * improving, stable or worsening against the update before; None when
 * grey or when there is no update before.
 */
trend: string | null, date: string | null, reason: string | null, 
/**
 * Illustrative sample data (the demo).
 */
sample: boolean, };

export type DashInitiative = { id: string, code: string, title: string, title_en: string, focus_area: number | null, phase: string | null, overall: DashStatus, 
/**
 * Per dimension (time, cost, quality, …).
 */
dimensions: { [key in string]: DashStatus }, };

export type FocusCount = { 
/**
 * None: the initiatives without a focus area (listed last, only when
 * there are any), so the counts add up to every initiative.
 */
number: number | null, name: string, name_en: string | null, green: number, amber: number, red: number, grey: number, };

export type MilestoneView = { id: string, initiative: string, initiative_id: string, focus_area: number | null, title: string, 
/**
 * The planned date in force, and the first one it ever had.
 */
planned: string | null, first_planned: string | null, done: string | null, 
/**
 * Not done by its planned date, done after it, or re-planned later.
 */
slipped: boolean, };

export type BudgetView = { initiative: string, title: string, year: number, budget: number | null, actual: number | null, 
/**
 * actual - budget, when both are known.
 */
variance: number | null, };

export type Dashboard = { 
/**
 * The day the overview is computed for (today, or the day asked for):
 * the chair's reports state the same day for the same figures.
 */
today: string, 
/**
 * For a sample workspace (the demo), its latest status date: the view
 * opens as of it, as every sample status is grey today. None otherwise.
 */
sample_status_date: string | null, grey_after_days: number, initiatives: Array<DashInitiative>, focus_areas: Array<FocusCount>, 
/**
 * The first overdue actions (at most `OVERDUE_PAGE`, due first), as the
 * overview shows them before "show all"; `overdue_actions_as_of` gives
 * every one.
 */
overdue_actions: Array<TaskView>, 
/**
 * How many actions are overdue in all.
 */
overdue_count: number, 
/**
 * Not done and planned within the next 90 days.
 */
milestones_due: Array<MilestoneView>, milestones_slipped: Array<MilestoneView>, 
/**
 * Open risks by residual score (inherent when none), at most 10.
 */
top_risks: Array<RiskView>, budget: Array<BudgetView>, 
/**
 * Every milestone, by focus area and initiative (the timeline).
 */
timeline: Array<MilestoneView>, };

export type HeatCell = { likelihood: number, impact: number, band: string, risks: Array<string>, 
/**
 * Risks in this cell whose assessment changed since `since` (or are new).
 */
moved: Array<string>, };

export type HeatMap = { residual: boolean, since: string | null, bands: Bands, 
/**
 * counts[likelihood - 1][impact - 1]
 */
counts: Array<Array<number>>, 
/**
 * All 25 cells, likelihood 5 to 1, impact 1 to 5 (as drawn).
 */
cells: Array<HeatCell>, };

export type HighlightText = { status_summary: string, this_period: string, next_period: string, issues: string, decisions_needed: string, };

export type MeetingView = { id: string, committee_id: string, committee: string, title: string, starts_at: string, duration_min: number, location: string | null, state: string, 
/**
 * Cancelled before it was held: kept, and shown as cancelled.
 */
cancelled: boolean, approved_by: string | null, approved_at: string | null, minutes_hash: string | null, 
/**
 * The agenda's planned minutes, and whether they exceed the meeting's length.
 */
agenda_minutes: number, over_time: boolean, attendance: Array<AttendanceView>, items: Array<AgendaItemView>, 
/**
 * The committee's actions from earlier meetings that are not done.
 */
follow_up: Array<TaskView>, events: Array<MeetingEvent>, };

export type SearchHit = { 
/**
 * note, decision, action or agenda
 */
kind: string, 
/**
 * The outcome's or agenda item's id.
 */
id: string, 
/**
 * The meeting; none for a task of its own (schema 12).
 */
meeting_id: string | null, meeting: string | null, 
/**
 * The meeting's committee, or the board a task of its own is on.
 */
committee: string, 
/**
 * The meeting's start (RFC 3339, UTC); none for a task of its own.
 */
starts_at: string | null, text: string, };

export type VoteStanding = "open" | "provisional" | "adopted" | "rejected" | "not_quorate";

export type Count = { for: number, against: number, abstain: number, 
/**
 * The members counted toward the quorum: those present without a
 * declared interest (in a meeting), those who voted (a written
 * resolution).
 */
counted: number, quorum: number, 
/**
 * A tie that the chair's casting vote decided.
 */
casting_vote_used: boolean, result: VoteResult, };

export type BallotView = { person_id: string, name: string, choice: VoteChoice, 
/**
 * When it was cast, as its author's clock said (RFC 3339).
 */
recorded_at: string, 
/**
 * Its change's stamp: what decides whether it was made in time.
 */
stamp: string, };

export type InterestView = { id: string, agenda_item_id: string, person_id: string, name: string, note: string | null, recorded_at: string, };

export type VoteView = { id: string, committee_id: string, committee: string, 
/**
 * The meeting and agenda item voted in; none for a written resolution.
 */
meeting_id: string | null, agenda_item_id: string | null, item: string | null, proposal: string, 
/**
 * A written resolution's closing time (RFC 3339, UTC).
 */
closes_at: string | null, 
/**
 * open, provisional, adopted, rejected or not_quorate.
 */
result: VoteStanding, 
/**
 * The result is recorded (`vote close`), an adopted one in the decision register.
 */
closed: boolean, 
/**
 * The committee's voting rules when the vote was put.
 */
rules: VotingRules, 
/**
 * What the ballots that count give: the result once there is one, a
 * forecast while the vote is open or provisional.
 */
count: Count, 
/**
 * The ballots that count, by name: who voted how.
 */
ballots: Array<BallotView>, 
/**
 * Ballots made after the close: kept (here, or waiting as refused in
 * the sync status), never counted.
 */
late: Array<BallotView>, 
/**
 * Members who declared an interest in the item: they do not vote.
 */
interests: Array<InterestView>, 
/**
 * While provisional: the members whose votes up to the closing time
 * may not all have arrived here.
 */
waiting_for: Array<string>, 
/**
 * When a written resolution's result is final at the latest (its
 * closing time and the grace period).
 */
final_by: string | null, 
/**
 * The decision an adopted vote entered in the register.
 */
decision_id: string | null, };

export type NoVote = "observer" | "absent" | "interest";

export type Voter = { person_id: string, name: string, role: string, 
/**
 * Why they cannot vote; none for a member who can.
 */
cannot_vote: NoVote | null, };

export type MeetingVote = { vote: VoteView, 
/**
 * The committee's members in role order, chair first.
 */
members: Array<Voter>, };

export type MeetingVoting = { 
/**
 * The members of the meeting's committee (who may declare an interest).
 */
members: Array<Member>, 
/**
 * The declarations of interest in the meeting's items, in agenda order.
 */
interests: Array<InterestView>, 
/**
 * The meeting's votes, in agenda order.
 */
votes: Array<MeetingVote>, };

/** Every RAG status in order (steerco-domain). */
export const RAGS: readonly Rag[] = ["green","amber","red","grey"];

/** Every status dimension in order (steerco-domain). */
export const DIMENSIONS: readonly Dimension[] = ["overall","time","cost","scope","benefit"];

/** Every phase in order (steerco-domain). */
export const PHASES: readonly Phase[] = ["analysis","tender","implementation","operation","closed"];

/** Every committee kind in order (steerco-domain). */
export const COMMITTEE_KINDS: readonly CommitteeKind[] = ["portfolio","steering","working"];

/** Every role in order (steerco-domain). */
export const ROLES: readonly Role[] = ["chair","secretary","member","observer"];

/** Every meeting state in order (steerco-domain). */
export const MEETING_STATES: readonly MeetingState[] = ["draft","open","in_progress","closed","approved"];

/** Every meeting state move in order (steerco-domain). */
export const MOVES: readonly Move[] = ["open","in-progress","closed","approved","reopened"];

/** Every agenda item kind in order (steerco-domain). */
export const AGENDA_KINDS: readonly AgendaKind[] = ["item","follow_up"];

/** Every outcome in order (steerco-domain). */
export const OUTCOME_KINDS: readonly OutcomeKind[] = ["note","decision","action"];

/** Every decision status in order (steerco-domain). */
export const DECISION_STATES: readonly DecisionStatus[] = ["proposed","adopted","rejected","superseded"];

/** Every task state in order (steerco-domain). */
export const TASK_STATES: readonly TaskState[] = ["todo","doing","blocked","done"];

/** Every attendance in order (steerco-domain). */
export const ATTENDANCE: readonly Attendance[] = ["invited","present","apologies"];

/** Every risk status in order (steerco-domain). */
export const RISK_STATES: readonly RiskStatus[] = ["open","closed"];

/** Every band in order (steerco-domain). */
export const BANDS: readonly Band[] = ["low","medium","high"];

/** Every vote choice in order (steerco-domain). */
export const VOTE_CHOICES: readonly VoteChoice[] = ["for","against","abstain"];

/** A risk's likelihood and impact are each one of these. */
export const SCORES: readonly number[] = [1,2,3,4,5];

/** The highest likelihood x impact; a banding's bounds lie below it. */
export const MAX_SCORE = 25;

/** What a meeting in each state allows: its moves and the parts of the minutes that can change. */
export const MEETING_STATE_RULES: { readonly [S in MeetingState]: StateRule } = {"approved":{"edits":[],"moves":["reopened"]},"closed":{"edits":["attendance","minutes","meeting"],"moves":["approved","reopened"]},"draft":{"edits":["agenda","attendance","meeting"],"moves":["open"]},"in_progress":{"edits":["agenda","attendance","minutes","meeting"],"moves":["closed"]},"open":{"edits":["agenda","attendance","minutes","meeting"],"moves":["in-progress","closed"]}};

/** Where each move of a meeting may start and where it leads. */
export const MOVE_RULES: { readonly [M in Move]: MoveRule } = {"approved":{"from":["closed"],"to":"approved"},"closed":{"from":["open","in_progress"],"to":"closed"},"in-progress":{"from":["open"],"to":"in_progress"},"open":{"from":["draft"],"to":"open"},"reopened":{"from":["closed","approved"],"to":"in_progress"}};
