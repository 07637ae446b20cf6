// Shared app state: the app's settings and open workspace, a change counter
// views reload on, and the message and error lines.
import type { AppState } from './bindings';
import { AppError, internalError } from './api';
import type { ShownError } from './i18n/errors';

export const live = $state<{
  app: AppState | null;
  /** Bumped whenever the workspace changed; views reload when it moves. */
  version: number;
  message: string;
  /** Shown in the UI's language (errorText), so it follows a language switch. */
  error: ShownError | null;
}>({ app: null, version: 0, message: '', error: null });

export function say(message: string): void {
  live.error = null;
  live.message = message;
}

export function fail(e: unknown): void {
  live.message = '';
  live.error = e instanceof AppError ? e.error : internalError(String(e));
}

/** Run an action; show its error if it fails. */
export async function attempt<T>(f: () => Promise<T>): Promise<T | undefined> {
  try {
    return await f();
  } catch (e) {
    fail(e);
    return undefined;
  }
}
