// Typed calls into the Rust shell: the generated client (./commands.ts, from
// the command list in crates/steerco-app-core) plus the few calls that need
// more than one round trip (a file dialog that may have to ask for a path),
// and the app's events. Every type is generated from Rust.
import { listen, type UnlistenFn } from '@tauri-apps/api/event';
import { commands } from './commands';
import { viaDialog } from './path_prompt.svelte';
import type { ApiError, LiveSync } from './bindings';

export { AppError, internalError } from './app_error';
export type { AssessmentInput, OutcomeInput, RiskInput } from './commands';

export const api = {
  ...commands,
  // The dialog commands ask for a typed path where the computer has no file dialog.
  workspaceOpenDialog: () => viaDialog((path) => commands.workspaceOpenDialog(path ?? null)),
  workspaceCreateDialog: (name: string) => viaDialog((path) => commands.workspaceCreateDialog(name, path ?? null)),
  syncFolderDialog: () => viaDialog((path) => commands.syncFolderDialog(path ?? null)),
  /** Export a file through the native save dialog: the path saved to, or null when cancelled. */
  exportFile: (e: {
    what: 'minutes' | 'agenda' | 'ics' | 'decisions' | 'tasks' | 'status-report' | 'deliverables' | 'highlight';
    /** The meeting id; for reports the year, the half-year (YYYY-H1) or "CODE PERIOD". */
    meeting?: string | null;
    format?: 'pdf' | 'docx' | 'md' | null;
    omitClosed?: boolean;
    language: string;
  }) =>
    viaDialog((path) =>
      commands.exportFile(e.what, e.meeting ?? null, e.format ?? null, e.omitClosed ?? false, e.language, path ?? null),
    ),
  /** Send the invitation: the agenda (PDF) and the .ics into a folder the user picks; both paths, or null when cancelled. */
  meetingInvite: (meeting: string, omitClosed: boolean, language: string) =>
    viaDialog((path) => commands.meetingInvite(meeting, omitClosed, language, path ?? null)),
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

/** Calls `f` when a later launch of the app opened a workspace here (the
 * file a user double-clicked), with the error when it did not open. */
export function onWorkspaceOpened(f: (error: ApiError | null) => void): Promise<UnlistenFn> {
  return listen<ApiError | null>('workspace-opened', (e) => f(e.payload));
}
