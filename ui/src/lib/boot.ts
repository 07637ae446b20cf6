// The answers ui/public/boot.js asked for before this code loaded. Each is
// taken once, by the first caller (App's app_state, the first portfolio
// shown); every later read asks again.
import { AppError } from './app_error';
import type { AppState, Portfolio } from './bindings';

type Early = { app_state?: Promise<AppState> | undefined; initiative_list?: Promise<Portfolio> | undefined };
type Answers = { app_state?: AppState; initiative_list?: Portfolio };

const boot = (globalThis as { __steercoBoot?: Early & { answers?: Answers } }).__steercoBoot;
const early: Early = { app_state: boot?.app_state, initiative_list: boot?.initiative_list };
const answers: Answers = boot?.answers ?? {};

/** The early answer for `cmd` if it has arrived and was not taken yet (then
 * the first render can show it, with no wait for a promise). */
export function takeAnswer<K extends keyof Early>(cmd: K): Answers[K] | undefined {
  const a = early[cmd] ? answers[cmd] : undefined;
  if (a) delete early[cmd];
  return a;
}

/** The early answer for `cmd` if not taken yet, with errors as the commands throw them. */
export function takeEarly<K extends keyof Early>(cmd: K): Early[K] {
  const p = early[cmd];
  delete early[cmd];
  return p?.catch((e: unknown) => {
    throw AppError.from(e);
  }) as Early[K];
}

let painted: () => void = () => {};
const firstPaint = new Promise<void>((resolve) => (painted = resolve));
// A first view that never reports (a start page, the who-am-I question) must
// not hold back what waits for it for long; answers not taken by then are
// dropped, as they may be stale.
setTimeout(() => {
  painted();
  delete early.app_state;
  delete early.initiative_list;
}, 1500);

/** The first view with data was painted (the portfolio says so). */
export function firstViewPainted(): void {
  painted();
}

/** Runs `f` once the first view was painted: work the start-up can do without. */
export function afterFirstView(f: () => void): void {
  void firstPaint.then(f);
}
