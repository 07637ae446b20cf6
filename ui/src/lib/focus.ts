// Focus an element that a reload is about to draw (a restored row, say):
// tried on each frame for up to `ms` milliseconds (a reload of a large view
// can take a second or two), then given up on.
export function focusWhenShown(selector: string, ms = 3000): void {
  const until = performance.now() + ms;
  const step = () => {
    const el = document.querySelector<HTMLElement>(selector);
    if (el) el.focus();
    else if (performance.now() < until) requestAnimationFrame(step);
  };
  step();
}
