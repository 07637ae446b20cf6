// Which rows of a long list to put in the page: those within the window plus a
// margin, the rest stood in for by two spacers of their summed height, so the
// page keeps its full length and every row stays reachable by scrolling.

export type Range = {
  /** The first row rendered. */
  start: number;
  /** One past the last row rendered. */
  end: number;
  /** Height (px) of the rows before `start`. */
  before: number;
  /** Height (px) of the rows from `end` on. */
  after: number;
};

/**
 * The rows of `n` (row i `height(i)` px tall) that overlap `top`..`bottom`, px
 * from the list's top. `keep` (a row index, or -1) is rendered as well, with
 * the rows between: the row holding the keyboard focus must not vanish.
 */
export function visibleRange(n: number, height: (i: number) => number, top: number, bottom: number, keep = -1): Range {
  let y = 0;
  let i = 0;
  while (i < n && y + height(i) <= top) y += height(i++);
  let start = i;
  while (i < n && y < bottom) y += height(i++);
  let end = i;
  if (keep >= 0 && keep < n) {
    start = Math.min(start, keep);
    end = Math.max(end, keep + 1);
  }
  let before = 0;
  let after = 0;
  for (let k = 0; k < start; k++) before += height(k);
  for (let k = end; k < n; k++) after += height(k);
  return { start, end, before, after };
}

export function sameRange(a: Range, b: Range): boolean {
  return a.start === b.start && a.end === b.end && a.before === b.before && a.after === b.after;
}

// Every long list on the page follows the window through one scroll and one
// resize listener and one animation frame: in that frame each list first
// reads where it is (`read`, while the layout is still clean from the last
// frame) and only then changes its rows (the function `read` returns), so one
// list's new rows never force a layout for the next one's read.
type Read = () => (() => void) | undefined;
const lists = new Set<Read>();
let frame = 0;

function run() {
  frame = 0;
  const writes = [...lists].map((read) => read());
  for (const write of writes) write?.();
}

/** Updates every list at once (rows just measured before a paint): the
 * frame then shows them where they belong, with no rows dropped a frame later. */
export function now(): void {
  cancelAnimationFrame(frame);
  run();
}

/** Asks for an update of every list in the next animation frame. */
export function soon(): void {
  if (!frame) frame = requestAnimationFrame(run);
}

/** Follows the window with `read` until the returned function is called. */
export function followWindow(read: Read): () => void {
  if (lists.size === 0) {
    window.addEventListener('scroll', soon, { passive: true });
    window.addEventListener('resize', soon);
  }
  lists.add(read);
  return () => {
    lists.delete(read);
    if (lists.size > 0) return;
    window.removeEventListener('scroll', soon);
    window.removeEventListener('resize', soon);
    cancelAnimationFrame(frame);
    frame = 0;
  };
}
