// Typed calls into the Rust shell: the generated client (./commands.ts, from
// the command list in crates/steerco-app-core) plus the few calls that need
// more than one round trip (a file dialog that may have to ask for a path),
// and the app's events. Every type is generated from Rust.
import { listen, type UnlistenFn } from '@tauri-apps/api/event';
import { commands } from './commands';
import { viaDialog } from './path_prompt.svelte';
import type { ApiError, LiveSync, Progress } from './bindings';

export { AppError, internalError } from './app_error';
export type { AssessmentInput, OutcomeInput, RiskInput } from './commands';
export type { PublishInput } from './commands';

export const api = {
  ...commands,
  // The dialog commands ask for a typed path where the computer has no file dialog.
  workspaceOpenDialog: () => viaDialog((path) => commands.workspaceOpenDialog(path ?? null)),
  workspaceCreateDialog: (name: string) => viaDialog((path) => commands.workspaceCreateDialog(name, path ?? null)),
  syncFolderDialog: () => viaDialog((path) => commands.syncFolderDialog(path ?? null)),
  /** Export a file through the native save dialog: the path saved to, or null when cancelled. */
  exportFile: (e: {
    what:
      'minutes' | 'agenda' | 'pack' | 'ics' | 'decisions' | 'tasks' | 'status-report' | 'deliverables' | 'highlight';
    /** The meeting id; for reports the year, the half-year (YYYY-H1) or "CODE PERIOD". */
    meeting?: string | null;
    format?: 'pdf' | 'docx' | 'md' | null;
    omitClosed?: boolean;
    language: string;
  }) =>
    viaDialog((path) =>
      commands.exportFile(e.what, e.meeting ?? null, e.format ?? null, e.omitClosed ?? false, e.language, path ?? null),
    ),
  /** Attach a file picked in the native dialog to an agenda item: the paper's id, or null when cancelled. */
  attachmentAdd: (item: string, title: string | null) =>
    viaDialog((path) => commands.attachmentAdd(item, title, path ?? null)),
  /** A file picked in the native dialog becomes the paper's next version: its number, or null when cancelled. */
  attachmentReplace: (id: string) => viaDialog((path) => commands.attachmentReplace(id, path ?? null)),
  /** Save a version of a paper (the latest for null) through the save dialog: the path, or null when cancelled. */
  attachmentSave: (meeting: string, id: string, version: number | null) =>
    viaDialog((path) => commands.attachmentSave(meeting, id, version, path ?? null)),
  /** Send the invitation: the agenda (PDF) and the .ics into a folder the user picks; both paths, or null when cancelled. */
  meetingInvite: (meeting: string, omitClosed: boolean, language: string) =>
    viaDialog((path) => commands.meetingInvite(meeting, omitClosed, language, path ?? null)),
  /** Save a published report's file (pdf, docx, md) through the save dialog: the path, or null when cancelled. */
  reportPublishedGet: (id: string, format: string) =>
    viaDialog((path) => commands.reportPublishedGet(id, format, path ?? null)),
};

/** Calls `f` with the progress of a long import (a sync or a join). */
export function onSyncProgress(f: (p: { done: number; total: number }) => void): Promise<UnlistenFn> {
  return listen<{ done: number; total: number }>('sync-progress', (e) => f(e.payload));
}

/** Calls `f` with the progress of the papers a sync moves (after its text changes). */
export function onPapersProgress(f: (p: Progress) => void): Promise<UnlistenFn> {
  return listen<Progress>('papers-progress', (e) => f(e.payload));
}

/** Calls `f` with each status of the background sync with a server. */
export function onSyncLive(f: (l: LiveSync) => void): Promise<UnlistenFn> {
  return listen<LiveSync>('sync-live', (e) => f(e.payload));
}

/** Calls `f` whenever the open workspace changed (the app, the CLI or a sync). */
export function onWorkspaceChanged(f: () => void): Promise<UnlistenFn> {
  return listen('workspace-changed', f);
}

/** Calls `f` when a later launch of the app opened a workspace here (the
 * file a user double-clicked), with the error when it did not open. */
export function onWorkspaceOpened(f: (error: ApiError | null) => void): Promise<UnlistenFn> {
  return listen<ApiError | null>('workspace-opened', (e) => f(e.payload));
}
