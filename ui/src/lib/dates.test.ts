import { describe, expect, it } from 'vitest';
import {
  datePattern,
  dateTimePattern,
  formatFieldDate,
  formatFieldDateTime,
  isPast,
  localDateTime,
  parseFieldDate,
  parseFieldDateTime,
  todayIso,
} from './dates';

describe('date fields', () => {
  it('show a date in the language’s form', () => {
    expect(formatFieldDate('2026-03-05', 'da')).toBe('05.03.2026');
    expect(formatFieldDate('2026-03-05', 'en')).toBe('2026-03-05');
    expect(formatFieldDate('', 'da')).toBe('');
    expect(formatFieldDate(null, 'en')).toBe('');
    expect(datePattern('da')).toBe('dd.mm.åååå');
    expect(datePattern('en')).toBe('yyyy-mm-dd');
  });

  it('read Danish day-first dates and ISO dates', () => {
    expect(parseFieldDate('05.03.2026', 'da')).toEqual({ ok: true, iso: '2026-03-05' });
    expect(parseFieldDate(' 5.3.2026 ', 'da')).toEqual({ ok: true, iso: '2026-03-05' });
    expect(parseFieldDate('5-3-2026', 'da')).toEqual({ ok: true, iso: '2026-03-05' });
    expect(parseFieldDate('2026-03-05', 'da')).toEqual({ ok: true, iso: '2026-03-05' });
    expect(parseFieldDate('2026-03-05', 'en')).toEqual({ ok: true, iso: '2026-03-05' });
    expect(parseFieldDate('29.02.2028', 'da')).toEqual({ ok: true, iso: '2028-02-29' });
  });

  it('take empty as no date', () => {
    expect(parseFieldDate('', 'da')).toEqual({ ok: true, iso: null });
    expect(parseFieldDate('   ', 'en')).toEqual({ ok: true, iso: null });
  });

  it('refuse what is no date, or could be misread', () => {
    for (const bad of [
      '31.02.2026',
      '29.02.2026',
      '32.01.2026',
      '01.13.2026',
      '00.01.2026',
      '1.1.26',
      '5.3-2026',
      '2026-3-5',
      '2026-02-30',
      '0999-01-01',
      '05/03/2026',
      'i morgen',
      '05.03.2026x',
    ]) {
      expect(parseFieldDate(bad, 'da'), bad).toEqual({ ok: false });
    }
    // English takes only the ISO form the placeholder shows.
    for (const bad of ['05.03.2026', '03/05/2026', '5 March 2026', '2026-13-01']) {
      expect(parseFieldDate(bad, 'en'), bad).toEqual({ ok: false });
    }
  });

  it('round-trip what they show', () => {
    for (const lang of ['da', 'en']) {
      for (const iso of ['2026-01-01', '2026-12-31', '2024-02-29']) {
        expect(parseFieldDate(formatFieldDate(iso, lang), lang)).toEqual({ ok: true, iso });
      }
    }
  });
});

describe('today and the past', () => {
  it('knows today in a time zone', () => {
    const late = new Date('2026-11-29T23:30:00Z');
    expect(todayIso('Europe/Copenhagen', late)).toBe('2026-11-30');
    expect(todayIso('UTC', late)).toBe('2026-11-29');
    expect(todayIso(null, late)).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(todayIso('Not/AZone', late)).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });

  it('calls a date before today past, today and later not', () => {
    expect(isPast('2026-11-28', '2026-11-29')).toBe(true);
    expect(isPast('2026-11-29', '2026-11-29')).toBe(false);
    expect(isPast('2027-01-01', '2026-11-29')).toBe(false);
    expect(isPast('', '2026-11-29')).toBe(false);
    expect(isPast(null, '2026-11-29')).toBe(false);
  });
});

describe('date and time fields', () => {
  it('show a local time in the language’s form', () => {
    expect(formatFieldDateTime('2026-03-16T10:00', 'da')).toBe('16.03.2026 10:00');
    expect(formatFieldDateTime('2026-03-16T10:00', 'en')).toBe('2026-03-16 10:00');
    expect(formatFieldDateTime('', 'da')).toBe('');
    expect(dateTimePattern('da')).toBe('dd.mm.åååå tt:mm');
    expect(dateTimePattern('en')).toBe('yyyy-mm-dd hh:mm');
  });

  it('read the language’s form and ISO', () => {
    expect(parseFieldDateTime('16.03.2026 10:00', 'da')).toEqual({ ok: true, iso: '2026-03-16T10:00' });
    expect(parseFieldDateTime('16.3.2026 9.30', 'da')).toEqual({ ok: true, iso: '2026-03-16T09:30' });
    expect(parseFieldDateTime('2026-03-16T10:00', 'da')).toEqual({ ok: true, iso: '2026-03-16T10:00' });
    expect(parseFieldDateTime('2026-03-16 23:59', 'en')).toEqual({ ok: true, iso: '2026-03-16T23:59' });
    expect(parseFieldDateTime('2026-03-16T10:00', 'en')).toEqual({ ok: true, iso: '2026-03-16T10:00' });
    expect(parseFieldDateTime(' ', 'en')).toEqual({ ok: true, iso: null });
  });

  it('refuse a missing or impossible time', () => {
    for (const bad of [
      '16.03.2026',
      '16.03.2026 24:00',
      '16.03.2026 10:60',
      '31.02.2026 10:00',
      '16.03.2026 10',
      'x 10:00',
    ]) {
      expect(parseFieldDateTime(bad, 'da'), bad).toEqual({ ok: false });
    }
    for (const bad of ['2026-03-16 10.00', '16.03.2026 10:00', '2026-03-16 10:00 pm']) {
      expect(parseFieldDateTime(bad, 'en'), bad).toEqual({ ok: false });
    }
  });
});

describe('localDateTime', () => {
  it('reads an instant in the workspace zone, winter and summer', () => {
    expect(localDateTime('2026-03-16T09:00:00Z', 'Europe/Copenhagen')).toBe('2026-03-16T10:00');
    expect(localDateTime('2026-06-16T09:00:00Z', 'Europe/Copenhagen')).toBe('2026-06-16T11:00');
    expect(localDateTime('2026-06-16T23:30:00Z', 'Europe/Copenhagen')).toBe('2026-06-17T01:30');
  });
});
