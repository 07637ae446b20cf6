// Focus an element that a reload is about to draw (a restored row, say):
// tried on each frame for up to about a second, then given up on.
export function focusWhenShown(selector: string, frames = 60): void {
  const el = document.querySelector<HTMLElement>(selector);
  if (el) el.focus();
  else if (frames > 0) requestAnimationFrame(() => focusWhenShown(selector, frames - 1));
}
