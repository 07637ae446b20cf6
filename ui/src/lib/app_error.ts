// An error from the Rust side (a stable code with its parameters, and the
// English message), or an internal one; the UI says it with errorText().
import type { ApiError } from './bindings';
import type { ShownError } from './i18n/errors';

export class AppError extends Error {
  constructor(public error: ShownError) {
    super(error.message);
  }

  get code(): string {
    return this.error.code;
  }

  /** What a failed command threw, as an AppError. */
  static from(e: unknown): AppError {
    return new AppError(isApiError(e) ? e : internalError(String(e)));
  }
}

/** A failure that never reached the app's commands (the call itself failed). */
export function internalError(detail: string): ShownError {
  return { code: 'internal', params: { detail }, message: detail };
}

function isApiError(e: unknown): e is ApiError {
  return typeof e === 'object' && e !== null && 'code' in e && 'message' in e;
}
