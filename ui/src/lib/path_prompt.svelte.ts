// Where the computer has no file dialog (neither the desktop portal nor
// zenity), the Rust side refuses with `no_file_dialog` instead of pretending
// the user cancelled; the app then asks for the path as text and calls again
// with it.
export const pathPrompt = $state<{ open: boolean; value: string }>({ open: false, value: '' });
let answer: ((path: string | null) => void) | null = null;

/** Ask for a path; null when the user cancels. */
export function askPath(): Promise<string | null> {
  answer?.(null);
  pathPrompt.value = '';
  pathPrompt.open = true;
  return new Promise((resolve) => (answer = resolve));
}

export function answerPath(path: string | null): void {
  pathPrompt.open = false;
  const done = answer;
  answer = null;
  done?.(path && path.trim() ? path.trim() : null);
}

/** Run a dialog command; without a dialog, ask for the path and run it with that. */
export async function viaDialog<T>(run: (path?: string) => Promise<T | null>): Promise<T | null> {
  try {
    return await run();
  } catch (e) {
    // (The code, not the class: api.ts imports this module.)
    if ((e as { code?: unknown } | null)?.code !== 'no_file_dialog') throw e;
    const path = await askPath();
    return path === null ? null : run(path);
  }
}
