// Generated from crates/steerco-app-core/src/commands.rs (the command list).
// Do not edit: run `make bindings`.
import { invoke } from '@tauri-apps/api/core';
import { AppError } from './app_error';
import type { Phase, CommitteeKind, Role, Move, DecisionStatus, TaskState, Attendance, RiskStatus, SheetImportPreview, SheetPreview, FocusAreaRow, Portfolio, InitiativeDetail, HistoryEntry, Person, InitiativeForm, NewStatus, Restorable, AppState, Preset, HelpInfo, ReminderSettings, SyncOutcome, SyncView, VoteChoice, VoteResult, Committee, MeetingSummary, TaskView, TaskDetail, DecisionView, AttachmentView, PublishedReportView, Topic, RiskView, Bands, Dashboard, HeatMap, HighlightText, MeetingView, SearchHit, VoteView, MeetingVoting } from './bindings';

export type AgendaItemInput = { title: string, 
/**
 * An initiative's code or id.
 */
initiative: string | null, 
/**
 * A person's name.
 */
presenter: string | null, durationMin: number | null, 
/**
 * Confidential: left out of minutes exports on request.
 */
closed: boolean, };
export type OutcomeInput = { "kind": "note", text: string, } | { "kind": "decision", text: string, 
/**
 * The decision this one replaces, by id.
 */
supersedes: string | null, } | { "kind": "action", text: string, 
/**
 * A person's name.
 */
owner: string, due: string, };
export type TaskFilterInput = { mine: boolean, overdue: boolean, committee: string | null, initiative: string | null, };
export type RiskInput = { 
/**
 * An initiative's code or id.
 */
initiative: string, title: string, likelihood: number, impact: number, residualLikelihood: number | null, residualImpact: number | null, 
/**
 * A person's name.
 */
owner: string | null, cause: string | null, consequence: string | null, mitigation: string | null, 
/**
 * `YYYY-MM-DD`.
 */
reviewDate: string | null, };
export type AssessmentInput = { likelihood: number, impact: number, residualLikelihood: number | null, residualImpact: number | null, };
export type Keep = "mine" | "theirs" | "edit" | "approved" | "change";
export type PublishInput = { "kind": "status", year: number, } | { "kind": "deliverables", half: string, } | { "kind": "highlight", initiative: string, period: string, };

async function call<T>(cmd: string, req: Record<string, unknown>): Promise<T> {
  try {
    return await invoke<T>(cmd, { req });
  } catch (e) {
    throw AppError.from(e);
  }
}

export const commands = {
  /** `app_state` (the session). */
  appState: (): Promise<AppState> => call('app_state', {}),
  /** `app_language` (the session). */
  appLanguage: (lang: string): Promise<AppState> => call('app_language', { lang }),
  /** `app_preset` (the session). */
  appPreset: (): Promise<Preset> => call('app_preset', {}),
  /** `help_about` (the session). */
  helpAbout: (): Promise<HelpInfo> => call('help_about', {}),
  /** `help_guide` (the window shell). */
  helpGuide: (lang: string): Promise<string> => call('help_guide', { lang }),
  /** `person_me` (the session). */
  personMe: (name: string): Promise<AppState> => call('person_me', { name }),
  /** `identity_choose` (the session). */
  identityChoose: (keepRecorded: boolean): Promise<AppState> => call('identity_choose', { keepRecorded }),
  /** `reminders_get` (the session). */
  remindersGet: (): Promise<ReminderSettings> => call('reminders_get', {}),
  /** `reminders_set` (the session). */
  remindersSet: (daysBefore: number, tasks: boolean, meetings: boolean): Promise<ReminderSettings> => call('reminders_set', { daysBefore, tasks, meetings }),
  /** `workspace_demo` (the session). */
  workspaceDemo: (): Promise<AppState> => call('workspace_demo', {}),
  /** `workspace_open` (the session). */
  workspaceOpen: (path: string): Promise<AppState> => call('workspace_open', { path }),
  /** `workspace_open_dialog` (the window shell). */
  workspaceOpenDialog: (path: string | null): Promise<AppState | null> => call('workspace_open_dialog', { path }),
  /** `workspace_create_dialog` (the window shell). */
  workspaceCreateDialog: (name: string, path: string | null): Promise<AppState | null> => call('workspace_create_dialog', { name, path }),
  /** `ui_ready` (the window shell). */
  uiReady: (view: string): Promise<null> => call('ui_ready', { view }),
  /** `person_list` (reads the open workspace). */
  personList: (): Promise<Array<Person>> => call('person_list', {}),
  /** `initiative_list` (reads the open workspace). */
  initiativeList: (): Promise<Portfolio> => call('initiative_list', {}),
  /** `initiative_show` (reads the open workspace). */
  initiativeShow: (id: string): Promise<InitiativeDetail> => call('initiative_show', { id }),
  /** `initiative_form` (reads the open workspace). */
  initiativeForm: (id: string): Promise<InitiativeForm> => call('initiative_form', { id }),
  /** `initiative_set` (changes the open workspace). */
  initiativeSet: (id: string, form: InitiativeForm): Promise<number> => call('initiative_set', { id, form }),
  /** `initiative_add` (changes the open workspace). */
  initiativeAdd: (code: string, title: string, focusArea: number | null, lead: string | null, phase: Phase | null, start: string | null, end: string | null, description: string | null): Promise<string> => call('initiative_add', { code, title, focusArea, lead, phase, start, end, description }),
  /** `initiative_delete` (changes the open workspace). */
  initiativeDelete: (id: string): Promise<null> => call('initiative_delete', { id }),
  /** `initiative_restore` (changes the open workspace). */
  initiativeRestore: (id: string): Promise<string> => call('initiative_restore', { id }),
  /** `initiative_budget` (changes the open workspace). */
  initiativeBudget: (id: string, year: number, budget: number | null, actual: number | null): Promise<null> => call('initiative_budget', { id, year, budget, actual }),
  /** `initiative_status` (changes the open workspace). */
  initiativeStatus: (id: string, status: NewStatus): Promise<string> => call('initiative_status', { id, status }),
  /** `initiative_history` (reads the open workspace). */
  initiativeHistory: (id: string): Promise<Array<HistoryEntry>> => call('initiative_history', { id }),
  /** `milestone_add` (changes the open workspace). */
  milestoneAdd: (id: string, title: string, due: string): Promise<string> => call('milestone_add', { id, title, due }),
  /** `milestone_done` (changes the open workspace). */
  milestoneDone: (id: string, on: string | null): Promise<null> => call('milestone_done', { id, on }),
  /** `milestone_replan` (changes the open workspace). */
  milestoneReplan: (id: string, due: string): Promise<null> => call('milestone_replan', { id, due }),
  /** `milestone_set` (changes the open workspace). */
  milestoneSet: (id: string, title: string | null, due: string | null): Promise<null> => call('milestone_set', { id, title, due }),
  /** `milestone_delete` (changes the open workspace). */
  milestoneDelete: (id: string): Promise<null> => call('milestone_delete', { id }),
  /** `focus_area_list` (reads the open workspace). */
  focusAreaList: (): Promise<Array<FocusAreaRow>> => call('focus_area_list', {}),
  /** `focus_area_add` (changes the open workspace). */
  focusAreaAdd: (number: number, name: string): Promise<string> => call('focus_area_add', { number, name }),
  /** `focus_area_set` (changes the open workspace). */
  focusAreaSet: (number: number, name: string | null, nameEn: string | null, newNumber: number | null): Promise<null> => call('focus_area_set', { number, name, nameEn, newNumber }),
  /** `focus_area_move` (changes the open workspace). */
  focusAreaMove: (number: number, to: number): Promise<null> => call('focus_area_move', { number, to }),
  /** `focus_area_delete` (changes the open workspace). */
  focusAreaDelete: (number: number): Promise<null> => call('focus_area_delete', { number }),
  /** `sync_status` (the window shell). */
  syncStatus: (): Promise<SyncView> => call('sync_status', {}),
  /** `sync_folder_set` (the window shell). */
  syncFolderSet: (path: string): Promise<SyncView> => call('sync_folder_set', { path }),
  /** `sync_folder_dialog` (the window shell). */
  syncFolderDialog: (path: string | null): Promise<SyncView | null> => call('sync_folder_dialog', { path }),
  /** `sync_now` (the window shell). */
  syncNow: (passphrase: string | null): Promise<SyncOutcome> => call('sync_now', { passphrase }),
  /** `sync_papers_set` (the window shell). */
  syncPapersSet: (mine: boolean): Promise<SyncView> => call('sync_papers_set', { mine }),
  /** `sync_passphrase` (the window shell). */
  syncPassphrase: (current: string | null, next: string): Promise<SyncOutcome> => call('sync_passphrase', { current, next }),
  /** `conflict_resolve` (the window shell). */
  conflictResolve: (id: string, keep: Keep, text: string | null): Promise<SyncView> => call('conflict_resolve', { id, keep, text }),
  /** `sync_join_folder` (the window shell). */
  syncJoinFolder: (folder: string, passphrase: string | null): Promise<AppState> => call('sync_join_folder', { folder, passphrase }),
  /** `sync_server_connect` (the window shell). */
  syncServerConnect: (urls: Array<string>, token: string, passphrase: string | null): Promise<SyncView> => call('sync_server_connect', { urls, token, passphrase }),
  /** `sync_server_disconnect` (the window shell). */
  syncServerDisconnect: (): Promise<SyncView> => call('sync_server_disconnect', {}),
  /** `sync_join_server` (the window shell). */
  syncJoinServer: (urls: Array<string>, token: string, passphrase: string | null): Promise<AppState> => call('sync_join_server', { urls, token, passphrase }),
  /** `committee_list` (reads the open workspace). */
  committeeList: (): Promise<Array<Committee>> => call('committee_list', {}),
  /** `committee_add` (changes the open workspace). */
  committeeAdd: (name: string, kind: CommitteeKind, parent: string | null, mandate: string | null): Promise<string> => call('committee_add', { name, kind, parent, mandate }),
  /** `member_add` (changes the open workspace). */
  memberAdd: (committee: string, person: string, role: Role): Promise<string> => call('member_add', { committee, person, role }),
  /** `committee_set` (changes the open workspace). */
  committeeSet: (committee: string, name: string | null, mandate: string | null, parent: string | null, quorum: number | null, castingVote: boolean | null): Promise<null> => call('committee_set', { committee, name, mandate, parent, quorum, castingVote }),
  /** `committee_cover` (changes the open workspace). */
  committeeCover: (committee: string, initiative: string): Promise<null> => call('committee_cover', { committee, initiative }),
  /** `committee_delete` (changes the open workspace). */
  committeeDelete: (committee: string): Promise<string> => call('committee_delete', { committee }),
  /** `member_set` (changes the open workspace). */
  memberSet: (committee: string, person: string, role: Role): Promise<null> => call('member_set', { committee, person, role }),
  /** `member_delete` (changes the open workspace). */
  memberDelete: (committee: string, person: string): Promise<string> => call('member_delete', { committee, person }),
  /** `person_set` (changes the open workspace). */
  personSet: (name: string, email: string | null): Promise<null> => call('person_set', { name, email }),
  /** `meeting_list` (reads the open workspace). */
  meetingList: (): Promise<Array<MeetingSummary>> => call('meeting_list', {}),
  /** `meeting_show` (reads the open workspace). */
  meetingShow: (id: string): Promise<MeetingView> => call('meeting_show', { id }),
  /** `meeting_add` (changes the open workspace). */
  meetingAdd: (committee: string, title: string, startsAt: string, durationMin: number, fromPrevious: boolean, location: string | null): Promise<string> => call('meeting_add', { committee, title, startsAt, durationMin, fromPrevious, location }),
  /** `meeting_state` (changes the open workspace). */
  meetingState: (id: string, to: Move, reason: string | null): Promise<null> => call('meeting_state', { id, to, reason }),
  /** `meeting_attend` (changes the open workspace). */
  meetingAttend: (meeting: string, person: string, status: Attendance): Promise<null> => call('meeting_attend', { meeting, person, status }),
  /** `meeting_set` (changes the open workspace). */
  meetingSet: (id: string, title: string | null, startsAt: string | null, durationMin: number | null, location: string | null): Promise<null> => call('meeting_set', { id, title, startsAt, durationMin, location }),
  /** `meeting_cancel` (changes the open workspace). */
  meetingCancel: (id: string, reason: string | null): Promise<null> => call('meeting_cancel', { id, reason }),
  /** `agenda_add` (changes the open workspace). */
  agendaAdd: (meeting: string, item: AgendaItemInput): Promise<string> => call('agenda_add', { meeting, item }),
  /** `agenda_move` (changes the open workspace). */
  agendaMove: (meeting: string, item: string, to: number): Promise<null> => call('agenda_move', { meeting, item, to }),
  /** `agenda_set` (changes the open workspace). */
  agendaSet: (item: string, title: string | null, presenter: string | null, durationMin: number | null, initiative: string | null, closed: boolean | null): Promise<null> => call('agenda_set', { item, title, presenter, durationMin, initiative, closed }),
  /** `agenda_delete` (changes the open workspace). */
  agendaDelete: (item: string): Promise<string> => call('agenda_delete', { item }),
  /** `outcome_add` (changes the open workspace). */
  outcomeAdd: (meeting: string, item: string, outcome: OutcomeInput): Promise<string> => call('outcome_add', { meeting, item, outcome }),
  /** `outcome_set` (changes the open workspace). */
  outcomeSet: (id: string, text: string | null, owner: string | null, due: string | null): Promise<null> => call('outcome_set', { id, text, owner, due }),
  /** `outcome_delete` (changes the open workspace). */
  outcomeDelete: (id: string): Promise<string> => call('outcome_delete', { id }),
  /** `attachment_list` (reads the open workspace). */
  attachmentList: (meeting: string): Promise<Array<AttachmentView>> => call('attachment_list', { meeting }),
  /** `attachment_add` (the window shell). */
  attachmentAdd: (item: string, title: string | null, path: string | null): Promise<string | null> => call('attachment_add', { item, title, path }),
  /** `attachment_replace` (the window shell). */
  attachmentReplace: (id: string, path: string | null): Promise<number | null> => call('attachment_replace', { id, path }),
  /** `attachment_delete` (changes the open workspace). */
  attachmentDelete: (id: string): Promise<string> => call('attachment_delete', { id }),
  /** `attachment_save` (the window shell). */
  attachmentSave: (meeting: string, id: string, version: number | null, path: string | null): Promise<string | null> => call('attachment_save', { meeting, id, version, path }),
  /** `attachment_open` (the window shell). */
  attachmentOpen: (meeting: string, id: string, version: number | null): Promise<string> => call('attachment_open', { meeting, id, version }),
  /** `undo_delete` (changes the open workspace). */
  undoDelete: (what: Restorable, id: string): Promise<null> => call('undo_delete', { what, id }),
  /** `interest_declare` (changes the open workspace). */
  interestDeclare: (item: string, member: string, note: string | null): Promise<string> => call('interest_declare', { item, member, note }),
  /** `vote_add` (changes the open workspace). */
  voteAdd: (item: string | null, committee: string | null, proposal: string, closes: string | null): Promise<string> => call('vote_add', { item, committee, proposal, closes }),
  /** `vote_cast` (changes the open workspace). */
  voteCast: (vote: string, member: string, choice: VoteChoice): Promise<string> => call('vote_cast', { vote, member, choice }),
  /** `vote_close` (changes the open workspace). */
  voteClose: (vote: string): Promise<VoteResult> => call('vote_close', { vote }),
  /** `vote_list` (reads the open workspace). */
  voteList: (): Promise<Array<VoteView>> => call('vote_list', {}),
  /** `meeting_votes` (reads the open workspace). */
  meetingVotes: (meeting: string): Promise<MeetingVoting> => call('meeting_votes', { meeting }),
  /** `decision_list` (reads the open workspace). */
  decisionList: (): Promise<Array<DecisionView>> => call('decision_list', {}),
  /** `decision_state` (changes the open workspace). */
  decisionState: (id: string, status: DecisionStatus): Promise<null> => call('decision_state', { id, status }),
  /** `task_list` (reads the open workspace). */
  taskList: (filter: TaskFilterInput): Promise<Array<TaskView>> => call('task_list', { filter }),
  /** `task_state` (changes the open workspace). */
  taskState: (id: string, state: TaskState): Promise<null> => call('task_state', { id, state }),
  /** `task_add` (changes the open workspace). */
  taskAdd: (title: string, owner: string | null, due: string | null, committee: string | null, initiative: string | null, description: string | null): Promise<string> => call('task_add', { title, owner, due, committee, initiative, description }),
  /** `task_set` (changes the open workspace). */
  taskSet: (id: string, title: string | null, owner: string | null, due: string | null, description: string | null): Promise<null> => call('task_set', { id, title, owner, due, description }),
  /** `task_comment` (changes the open workspace). */
  taskComment: (id: string, text: string): Promise<string> => call('task_comment', { id, text }),
  /** `task_show` (reads the open workspace). */
  taskShow: (id: string): Promise<TaskDetail> => call('task_show', { id }),
  /** `task_delete` (changes the open workspace). */
  taskDelete: (id: string): Promise<null> => call('task_delete', { id }),
  /** `topic_list` (reads the open workspace). */
  topicList: (committee: string | null): Promise<Array<Topic>> => call('topic_list', { committee }),
  /** `topic_add` (changes the open workspace). */
  topicAdd: (committee: string, title: string, note: string | null): Promise<string> => call('topic_add', { committee, title, note }),
  /** `topic_schedule` (changes the open workspace). */
  topicSchedule: (topic: string, meeting: string): Promise<string> => call('topic_schedule', { topic, meeting }),
  /** `topic_set` (changes the open workspace). */
  topicSet: (id: string, title: string | null, note: string | null): Promise<null> => call('topic_set', { id, title, note }),
  /** `topic_delete` (changes the open workspace). */
  topicDelete: (id: string): Promise<null> => call('topic_delete', { id }),
  /** `search` (reads the open workspace). */
  search: (text: string): Promise<Array<SearchHit>> => call('search', { text }),
  /** `export_file` (the window shell). */
  exportFile: (what: string, meeting: string | null, format: string | null, omitClosed: boolean, language: string, path: string | null): Promise<string | null> => call('export_file', { what, meeting, format, omitClosed, language, path }),
  /** `meeting_invite` (the window shell). */
  meetingInvite: (meeting: string, omitClosed: boolean, language: string, path: string | null): Promise<Array<string> | null> => call('meeting_invite', { meeting, omitClosed, language, path }),
  /** `import_spreadsheet_preview` (the window shell). */
  importSpreadsheetPreview: (path: string | null, update: boolean): Promise<SheetPreview | null> => call('import_spreadsheet_preview', { path, update }),
  /** `import_spreadsheet` (the window shell). */
  importSpreadsheet: (path: string, update: boolean): Promise<SheetImportPreview> => call('import_spreadsheet', { path, update }),
  /** `export_spreadsheet` (the window shell). */
  exportSpreadsheet: (format: string, language: string, path: string | null): Promise<string | null> => call('export_spreadsheet', { format, language, path }),
  /** `dashboard` (reads the open workspace). */
  dashboard: (asOf: string | null): Promise<Dashboard> => call('dashboard', { asOf }),
  /** `dashboard_overdue` (reads the open workspace). */
  dashboardOverdue: (asOf: string | null): Promise<Array<TaskView>> => call('dashboard_overdue', { asOf }),
  /** `risk_heatmap` (reads the open workspace). */
  riskHeatmap: (residual: boolean, since: string | null): Promise<HeatMap> => call('risk_heatmap', { residual, since }),
  /** `risk_list` (reads the open workspace). */
  riskList: (): Promise<Array<RiskView>> => call('risk_list', {}),
  /** `risk_add` (changes the open workspace). */
  riskAdd: (risk: RiskInput): Promise<string> => call('risk_add', { risk }),
  /** `risk_assess` (changes the open workspace). */
  riskAssess: (id: string, assessment: AssessmentInput): Promise<null> => call('risk_assess', { id, assessment }),
  /** `risk_state` (changes the open workspace). */
  riskState: (id: string, status: RiskStatus): Promise<null> => call('risk_state', { id, status }),
  /** `risk_set` (changes the open workspace). */
  riskSet: (id: string, title: string | null, cause: string | null, consequence: string | null, mitigation: string | null, owner: string | null, review: string | null): Promise<null> => call('risk_set', { id, title, cause, consequence, mitigation, owner, review }),
  /** `workspace_bands` (changes the open workspace). */
  workspaceBands: (low: number, medium: number): Promise<Bands> => call('workspace_bands', { low, medium }),
  /** `workspace_grey_after` (changes the open workspace). */
  workspaceGreyAfter: (days: number): Promise<null> => call('workspace_grey_after', { days }),
  /** `current_quarter` (reads the open workspace). */
  currentQuarter: (): Promise<string> => call('current_quarter', {}),
  /** `highlight_text` (reads the open workspace). */
  highlightText: (initiative: string, period: string): Promise<HighlightText> => call('highlight_text', { initiative, period }),
  /** `highlight_set` (changes the open workspace). */
  highlightSet: (initiative: string, period: string, text: HighlightText): Promise<null> => call('highlight_set', { initiative, period, text }),
  /** `report_publish` (the window shell). */
  reportPublish: (what: PublishInput, language: string): Promise<string> => call('report_publish', { what, language }),
  /** `report_published_list` (reads the open workspace). */
  reportPublishedList: (): Promise<Array<PublishedReportView>> => call('report_published_list', {}),
  /** `report_published_get` (the window shell). */
  reportPublishedGet: (id: string, format: string, path: string | null): Promise<string | null> => call('report_published_get', { id, format, path }),
};
