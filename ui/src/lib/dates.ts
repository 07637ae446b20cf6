// Dates as a person types and reads them in the UI's language. WebKitGTK's
// native <input type="date"> follows the system locale, not the UI language,
// so date fields are text fields with these rules (DateField.svelte). The
// commands always get ISO `YYYY-MM-DD`. Pure: vitest checks them directly.

/** The form a date is shown and typed in, as the field's placeholder says. */
export function datePattern(lang: string): string {
  return lang === 'en' ? 'yyyy-mm-dd' : 'dd.mm.åååå';
}

function validYmd(y: number, m: number, d: number): boolean {
  if (m < 1 || m > 12 || d < 1) return false;
  const days = new Date(Date.UTC(y, m, 0)).getUTCDate(); // day 0 of the next month: this month's last day
  return d <= days;
}

const pad = (n: number) => String(n).padStart(2, '0');

/** A date as the language shows it in a field: `05.03.2026` (da), `2026-03-05` (en); other text as it is. */
export function formatFieldDate(iso: string | null | undefined, lang: string): string {
  if (!iso) return '';
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!m) return iso;
  return lang === 'en' ? iso : `${m[3]}.${m[2]}.${m[1]}`;
}

export type ParsedDate = { ok: true; iso: string | null } | { ok: false };

/**
 * What a person typed into a date field, strictly: empty is no date; Danish
 * takes `d.m.yyyy` (one or two digits for day and month, `.` or `-` between
 * them, the same both times); both languages take ISO `yyyy-mm-dd`, which
 * cannot be misread. The year has four digits and the day must exist
 * (31.02.2026 is refused), so nothing is guessed.
 */
export function parseFieldDate(text: string, lang: string): ParsedDate {
  const s = text.trim();
  if (s === '') return { ok: true, iso: null };
  let y: number, mo: number, d: number;
  const iso = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  const dmy = lang === 'en' ? null : /^(\d{1,2})([.-])(\d{1,2})\2(\d{4})$/.exec(s);
  if (iso) {
    [y, mo, d] = [Number(iso[1]), Number(iso[2]), Number(iso[3])];
  } else if (dmy) {
    [d, mo, y] = [Number(dmy[1]), Number(dmy[3]), Number(dmy[4])];
  } else {
    return { ok: false };
  }
  if (y < 1000 || !validYmd(y, mo, d)) return { ok: false };
  return { ok: true, iso: `${y}-${pad(mo)}-${pad(d)}` };
}

/** Today's date (`YYYY-MM-DD`) in a time zone (the workspace's), else the computer's. */
export function todayIso(timeZone?: string | null, now: Date = new Date()): string {
  if (timeZone) {
    try {
      const parts = new Intl.DateTimeFormat('en-GB', {
        timeZone,
        year: 'numeric',
        month: '2-digit',
        day: '2-digit',
      }).formatToParts(now);
      const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
      const s = `${get('year')}-${get('month')}-${get('day')}`;
      if (/^\d{4}-\d{2}-\d{2}$/.test(s)) return s;
    } catch {
      // An unknown zone: the computer's date below.
    }
  }
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

/** Whether an ISO date lies before today (ISO dates compare as text). */
export function isPast(iso: string | null | undefined, today: string): boolean {
  return !!iso && /^\d{4}-\d{2}-\d{2}$/.test(iso) && iso < today;
}

/** The form a date and time is shown and typed in. */
export function dateTimePattern(lang: string): string {
  return lang === 'en' ? 'yyyy-mm-dd hh:mm' : 'dd.mm.åååå tt:mm';
}

/** A local `YYYY-MM-DDTHH:MM` as the language shows it: `16.03.2026 10:00` (da), `2026-03-16 10:00` (en). */
export function formatFieldDateTime(value: string | null | undefined, lang: string): string {
  if (!value) return '';
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})$/.exec(value);
  if (!m) return value;
  return `${formatFieldDate(m[1], lang)} ${m[2]}`;
}

/**
 * A typed local date and time, strictly: the date as parseFieldDate takes it,
 * then a space (or ISO's `T`) and the time on the 24-hour clock, `h:mm` or
 * `hh:mm` (Danish also `10.00`). Gives `YYYY-MM-DDTHH:MM`; empty is none.
 */
export function parseFieldDateTime(text: string, lang: string): ParsedDate {
  const s = text.trim();
  if (s === '') return { ok: true, iso: null };
  const m = /^(\S+?)(?:T|\s+)(\d{1,2})([:.])(\d{2})$/.exec(s);
  if (!m || (m[3] === '.' && lang === 'en')) return { ok: false };
  const date = parseFieldDate(m[1] ?? '', lang);
  const [h, min] = [Number(m[2]), Number(m[4])];
  if (!date.ok || !date.iso || h > 23 || min > 59) return { ok: false };
  return { ok: true, iso: `${date.iso}T${pad(h)}:${pad(min)}` };
}

/**
 * An instant (RFC 3339) as the local `YYYY-MM-DDTHH:MM` a time field binds, in
 * the workspace's zone (what the core reads back with the same zone).
 */
export function localDateTime(instant: string, timeZone?: string | null): string {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone: timeZone ?? undefined,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(new Date(instant));
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${part('year')}-${part('month')}-${part('day')}T${part('hour')}:${part('minute')}`;
}
