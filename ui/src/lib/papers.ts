// Pure helpers of the papers on agenda items (Papers.svelte and its parts):
// no DOM, no calls, so vitest checks them directly.
import type { AttachmentView } from './bindings';
import { agendaEditable, locale, minutesEditable } from './work';

const UNITS = ['B', 'KB', 'MB', 'GB', 'TB'] as const;

/** A size in bytes as people read it (1024 to the next unit): whole bytes,
 *  then one decimal below 100 (“1,5 MB” in Danish, “1.5 MB” in English). */
export function formatSize(bytes: number, lang: string): string {
  let value = Math.max(0, bytes);
  let unit = 0;
  const digits = () => (unit === 0 || value >= 99.95 ? 0 : 1);
  const rounded = () => Number(value.toFixed(digits()));
  while (unit < UNITS.length - 1 && rounded() >= 1024) {
    value /= 1024;
    unit++;
  }
  const n = new Intl.NumberFormat(locale(lang), {
    minimumFractionDigits: digits(),
    maximumFractionDigits: digits(),
    // Below 1024 of a unit a thousands dot (Danish) reads as a decimal point.
    useGrouping: false,
  }).format(value);
  return `${n} ${UNITS[unit]}`;
}

/** Papers can be added, replaced and deleted while the agenda or the
 *  minutes can change, never once approved or in a cancelled meeting (the
 *  store refuses the same). Opening and saving a copy work in any state. */
export function papersEditable(state: string, cancelled: boolean): boolean {
  return !cancelled && (agendaEditable(state) || minutesEditable(state));
}

/** The papers of one agenda item, in the list's (agenda) order. */
export function papersOf(papers: readonly AttachmentView[], itemId: string): AttachmentView[] {
  return papers.filter((p) => p.item_id === itemId);
}
