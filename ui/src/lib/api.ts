// Typed calls into the Rust shell. Every type comes from ./bindings.ts, which
// is generated from the Rust types (never written here by hand).
import { invoke } from '@tauri-apps/api/core';
import { listen, type UnlistenFn } from '@tauri-apps/api/event';
import { viaDialog } from './path_prompt.svelte';
import type {
  ApiError,
  AppState,
  Bands,
  Committee,
  Dashboard,
  HeatMap,
  HighlightText,
  DecisionView,
  HistoryEntry,
  InitiativeDetail,
  InitiativeForm,
  LiveSync,
  MeetingSummary,
  MeetingView,
  NewStatus,
  Person,
  Portfolio,
  RiskView,
  SearchHit,
  SyncOutcome,
  SyncView,
  TaskView,
  Topic,
} from './bindings';
import type { ShownError } from './i18n/errors';

/** An outcome to record in the minutes of one agenda item. */
export type OutcomeInput =
  | { kind: 'note'; text: string }
  | { kind: 'decision'; text: string; supersedes?: string | null }
  | { kind: 'action'; text: string; owner: string; due: string };

/** A new risk; scores are likelihood and impact, 1-5; the owner is a person's name. */
export interface RiskInput {
  initiative: string;
  title: string;
  likelihood: number;
  impact: number;
  residualLikelihood: number | null;
  residualImpact: number | null;
  owner: string | null;
  cause: string | null;
  consequence: string | null;
  mitigation: string | null;
  reviewDate: string | null;
}

/** An assessment: inherent likelihood and impact, and the residual ones when known. */
export interface AssessmentInput {
  likelihood: number;
  impact: number;
  residualLikelihood: number | null;
  residualImpact: number | null;
}

/** An error from the Rust side (a stable code with its parameters, and the
 *  English message), or an internal one; the UI says it with errorText(). */
export class AppError extends Error {
  constructor(public error: ShownError) {
    super(error.message);
  }

  get code(): string {
    return this.error.code;
  }
}

/** A failure that never reached the app's commands (the call itself failed). */
export function internalError(detail: string): ShownError {
  return { code: 'internal', params: { detail }, message: detail };
}

function isApiError(e: unknown): e is ApiError {
  return typeof e === 'object' && e !== null && 'code' in e && 'message' in e;
}

async function call<T>(cmd: string, args?: Record<string, unknown>): Promise<T> {
  try {
    return await invoke<T>(cmd, args);
  } catch (e) {
    if (isApiError(e)) throw new AppError(e);
    throw new AppError(internalError(String(e)));
  }
}

export const api = {
  appState: () => call<AppState>('app_state'),
  setLanguage: (lang: string) => call<AppState>('set_language', { lang }),
  setMyName: (name: string) => call<AppState>('set_my_name', { name }),
  people: () => call<Person[]>('people'),
  openDemo: () => call<AppState>('open_demo'),
  openWorkspace: (path: string) => call<AppState>('open_workspace', { path }),
  chooseIdentity: (keepRecorded: boolean) => call<AppState>('choose_identity', { keepRecorded }),
  // The dialog commands ask for a typed path where the computer has no file dialog.
  openWorkspaceDialog: () => viaDialog((path) => call<AppState | null>('open_workspace_dialog', { path: path ?? null })),
  createWorkspaceDialog: (name: string) =>
    viaDialog((path) => call<AppState | null>('create_workspace_dialog', { name, path: path ?? null })),
  portfolio: () => call<Portfolio>('portfolio'),
  initiative: (id: string) => call<InitiativeDetail>('initiative', { id }),
  initiativeForm: (id: string) => call<InitiativeForm>('initiative_form', { id }),
  saveInitiative: (id: string, form: InitiativeForm) => call<number>('save_initiative', { id, form }),
  addStatus: (id: string, status: NewStatus) => call<string>('add_status', { id, status }),
  history: (id: string) => call<HistoryEntry[]>('initiative_history', { id }),
  addMilestone: (id: string, title: string, due: string) =>
    call<string>('add_milestone', { id, title, due }),
  completeMilestone: (id: string, on: string | null) => call<null>('complete_milestone', { id, on }),
  replanMilestone: (id: string, due: string) => call<null>('replan_milestone', { id, due }),
  uiReady: (view: string) => call<null>('ui_ready', { view }),
  syncView: () => call<SyncView>('sync_view'),
  setSyncFolder: (path: string) => call<SyncView>('set_sync_folder', { path }),
  chooseSyncFolder: () => viaDialog((path) => call<SyncView | null>('choose_sync_folder', { path: path ?? null })),
  syncNow: (passphrase: string | null) => call<SyncOutcome>('sync_now', { passphrase }),
  changePassphrase: (current: string | null, next: string) =>
    call<SyncOutcome>('change_passphrase', { current, new: next }),
  resolveConflict: (id: string, keep: 'mine' | 'theirs' | 'edit' | 'approved' | 'change', text: string | null = null) =>
    call<SyncView>('resolve_conflict', { id, keep, text }),
  joinFromFolder: (folder: string, passphrase: string | null) =>
    call<AppState>('join_from_folder', { folder, passphrase }),
  /** Sync through a server (`url` = BASE/NAME) from now on; the first sync runs at once. */
  connectServer: (url: string, token: string, passphrase: string | null) =>
    call<SyncView>('connect_server', { url, token, passphrase }),
  disconnectServer: () => call<SyncView>('disconnect_server'),
  joinFromServer: (url: string, token: string, passphrase: string | null) =>
    call<AppState>('join_from_server', { url, token, passphrase }),
  // Committee work: committees, meetings, agenda, minutes, decisions, tasks.
  committees: () => call<Committee[]>('committees'),
  addCommittee: (name: string, kind: string, parent: string | null, mandate: string | null) =>
    call<string>('add_committee', { name, kind, parent, mandate }),
  addMember: (committee: string, person: string, role: string) =>
    call<string>('add_member', { committee, person, role }),
  editCommittee: (committee: string, name: string | null, mandate: string | null, parent: string | null) =>
    call<null>('edit_committee', { committee, name, mandate, parent }),
  coverInitiative: (committee: string, initiative: string) =>
    call<null>('cover_initiative', { committee, initiative }),
  meetings: () => call<MeetingSummary[]>('meetings'),
  meeting: (id: string) => call<MeetingView>('meeting', { id }),
  /**
   * `startsAt`: YYYY-MM-DDTHH:MM in the workspace's time zone; `fromPrevious`:
   * the agenda continues with the items of the committee's previous meeting.
   */
  addMeeting: (committee: string, title: string, startsAt: string, durationMin: number, fromPrevious = false) =>
    call<string>('add_meeting', { committee, title, startsAt, durationMin, fromPrevious }),
  setMeetingState: (id: string, to: string, reason: string | null) =>
    call<null>('set_meeting_state', { id, to, reason }),
  addAgendaItem: (
    meeting: string,
    item: { title: string; initiative: string | null; presenter: string | null; durationMin: number | null; closed: boolean },
  ) => call<string>('add_agenda_item', { meeting, ...item }),
  /** Move an agenda item to 1-based place `to`. */
  moveAgendaItem: (meeting: string, item: string, to: number) =>
    call<null>('move_agenda_item', { meeting, item, to }),
  addOutcome: (meeting: string, item: string, o: OutcomeInput) =>
    call<string>('add_outcome', {
      meeting,
      item,
      kind: o.kind,
      text: o.text,
      owner: o.kind === 'action' ? o.owner : null,
      due: o.kind === 'action' ? o.due : null,
      supersedes: o.kind === 'decision' ? (o.supersedes ?? null) : null,
    }),
  decisions: () => call<DecisionView[]>('decisions'),
  setDecisionStatus: (id: string, status: string) => call<null>('set_decision_status', { id, status }),
  tasks: (filter: { mine: boolean; overdue: boolean; committee: string | null; initiative: string | null }) =>
    call<TaskView[]>('tasks', filter),
  setTaskState: (id: string, state: string) => call<null>('set_task_state', { id, state }),
  setAttendance: (meeting: string, person: string, status: string) =>
    call<null>('set_attendance', { meeting, person, status }),
  /** The backlog: a committee's proposed topics (every committee's when null), open ones first. */
  topics: (committee: string | null = null) => call<Topic[]>('topics', { committee }),
  addTopic: (committee: string, title: string, note: string | null) =>
    call<string>('add_topic', { committee, title, note }),
  /** Put a backlog topic at the end of a meeting's agenda: the new item's id. */
  scheduleTopic: (topic: string, meeting: string) => call<string>('schedule_topic', { topic, meeting }),
  search: (text: string) => call<SearchHit[]>('search', { text }),
  // The chair's overview: dashboard, heat map, risk register, highlight narrative.
  dashboard: () => call<Dashboard>('dashboard'),
  /** `since`: YYYY-MM-DD, or null for the last meeting held. */
  heatmap: (residual: boolean, since: string | null) => call<HeatMap>('heatmap', { residual, since }),
  risks: () => call<RiskView[]>('risks'),
  addRisk: (r: RiskInput) => call<string>('add_risk', { ...r }),
  assessRisk: (id: string, a: AssessmentInput) => call<null>('assess_risk', { id, ...a }),
  setRiskStatus: (id: string, status: 'open' | 'closed') => call<null>('set_risk_status', { id, status }),
  setBands: (low: number, medium: number) => call<Bands>('set_bands', { low, medium }),
  setGreyAfterDays: (days: number) => call<null>('set_grey_after_days', { days }),
  currentQuarter: () => call<string>('current_quarter'),
  highlightText: (initiative: string, period: string) =>
    call<HighlightText>('highlight_text', { initiative, period }),
  setHighlightText: (initiative: string, period: string, text: HighlightText) =>
    call<null>('set_highlight_text', { initiative, period, text }),
  /** Export a file through the native save dialog: the path saved to, or null when cancelled. */
  exportFile: (e: {
    what: 'minutes' | 'ics' | 'decisions' | 'tasks' | 'status-report' | 'deliverables' | 'highlight';
    /** The meeting id; for reports the year, the half-year (YYYY-H1) or "CODE PERIOD". */
    meeting?: string | null;
    format?: 'pdf' | 'docx' | 'md' | null;
    omitClosed?: boolean;
    language: string;
  }) =>
    viaDialog((path) =>
      call<string | null>('export_file', {
        what: e.what,
        meeting: e.meeting ?? null,
        format: e.format ?? null,
        omitClosed: e.omitClosed ?? false,
        language: e.language,
        path: path ?? null,
      }),
    ),
};

/** Calls `f` with the progress of a long import (a sync or a join). */
export function onSyncProgress(f: (p: { done: number; total: number }) => void): Promise<UnlistenFn> {
  return listen<{ done: number; total: number }>('sync-progress', (e) => f(e.payload));
}

/** Calls `f` with each status of the background sync with a server. */
export function onSyncLive(f: (l: LiveSync) => void): Promise<UnlistenFn> {
  return listen<LiveSync>('sync-live', (e) => f(e.payload));
}

/** Calls `f` whenever the open workspace changed (the app, the CLI or a sync). */
export function onWorkspaceChanged(f: () => void): Promise<UnlistenFn> {
  return listen('workspace-changed', f);
}
