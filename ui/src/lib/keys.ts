// Keyboard shortcuts shared by forms.

/** Ctrl+Enter (Cmd+Enter on a Mac): save a form from its multi-line field. */
export function isCtrlEnter(e: {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
  shiftKey: boolean;
  isComposing?: boolean;
}): boolean {
  return e.key === 'Enter' && (e.ctrlKey || e.metaKey) && !e.altKey && !e.shiftKey && !e.isComposing;
}

/**
 * For a textarea's keydown: Ctrl+Enter submits its form as its save button
 * would (requestSubmit runs the form's validation and its submit handler);
 * a plain Enter still makes a new line.
 */
export function submitOnCtrlEnter(e: KeyboardEvent): void {
  if (!isCtrlEnter(e)) return;
  const form = (e.currentTarget as HTMLTextAreaElement | null)?.form;
  if (!form) return;
  e.preventDefault();
  form.requestSubmit();
}
