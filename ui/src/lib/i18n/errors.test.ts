import { describe, expect, it } from 'vitest';
import type { ApiError } from '../bindings';
import { errorText, errorTexts, type ShownError } from './errors';

// As the shell sends them (the JSON a Rust test pins).
const exists: ApiError = {
  code: 'committee_exists',
  params: { name: 'Styregruppen' },
  message: 'a committee named "Styregruppen" exists already',
};

describe('errors', () => {
  it('are said in the language of the UI, from the code and its parameters', () => {
    expect(errorText(exists, 'da')).toBe('Der findes allerede en komité med navnet «Styregruppen»');
    expect(errorText(exists, 'en')).toBe('A committee named “Styregruppen” exists already');
  });

  it('name what a parameter names in that language', () => {
    const missing: ApiError = {
      code: 'missing',
      params: { what: 'meeting_title' },
      message: 'a meeting needs a title',
    };
    expect(errorText(missing, 'da')).toBe('Et møde skal have en titel');
    expect(errorText(missing, 'en')).toBe('A meeting needs a title');
    const notFound: ApiError = {
      code: 'not_found',
      params: { kind: 'committee', key: 'X' },
      message: 'no committee "X"',
    };
    expect(errorText(notFound, 'da')).toBe('Komité «X» findes ikke');
    const move: ApiError = {
      code: 'state_move',
      params: { from: 'draft', to: 'approved', allowed: ['closed'] },
      message: 'a meeting in draft cannot move to approved (from closed)',
    };
    expect(errorText(move, 'da')).toBe('Et møde med tilstanden «Kladde» kan ikke gå til «Godkendt» (kun fra «Lukket»)');
    const vocabulary: ApiError = {
      code: 'not_one_of',
      params: { value: 'boss', what: 'role', allowed: ['chair', 'member'] },
      message: '"boss" is not a role; use one of: chair, member',
    };
    expect(errorText(vocabulary, 'da')).toBe('«boss» er ikke en rolle; brug en af: Formand, Medlem');
  });

  it('have no parameters to fill where the code has none', () => {
    const open: ApiError = { code: 'no_workspace_open', message: 'no workspace is open' };
    expect(errorText(open, 'da')).toBe('Intet arbejdsområde er åbent');
    expect(errorText(open, 'en')).toBe('No workspace is open');
  });

  it('say an internal failure with its detail', () => {
    const e: ShownError = { code: 'internal', params: { detail: 'boom' }, message: 'boom' };
    expect(errorText(e, 'da')).toBe('Noget gik galt: boom');
  });

  it('fall back on the English message for a code they do not know', () => {
    const e = { code: 'from_the_future', message: 'something new' } as unknown as ShownError;
    expect(errorText(e, 'da')).toBe('something new');
  });

  // The types make each map complete; this catches a text left empty, or a
  // placeholder in the wrong syntax that TypeScript cannot see.
  it('have the same codes in both languages, each a sentence', () => {
    expect(Object.keys(errorTexts.en).sort()).toEqual(Object.keys(errorTexts.da).sort());
    // Parameters that name a word of a vocabulary need a real one; any
    // other parameter is text.
    const samples: Record<string, unknown> = {
      missing: { what: 'topic_title' },
      not_one_of: { value: 'x', what: 'role', allowed: ['chair'] },
      state_move: { from: 'draft', to: 'open', allowed: ['draft'] },
      minutes_approved: { what: 'agenda' },
      not_in_this_state: { what: 'attendance', state: 'open' },
      not_deleted: { what: 'agenda_item' },
      score_out_of_range: { what: 'residual', likelihood: 0, impact: 6 },
      not_found: { kind: 'agenda_item', key: 'x' },
      ambiguous: { kind: 'risk', key: 'x', candidates: 'a, b' },
      other_sync_kind: { used: 'folder', wanted: 'server' },
      result_provisional: { waiting: ['Ann'], final_by: 'x' },
      sheet_no_column: { column: { kind: 'budget', year: 2026 } },
      sheet_bad_rows: {
        rows: [
          {
            row: 3,
            problems: [{ code: 'bad_date', params: { column: { kind: 'start' }, value: 'x' } }, { code: 'no_title' }],
          },
        ],
      },
    };
    const any = new Proxy({}, { get: () => 'x' });
    for (const lang of ['da', 'en'] as const) {
      for (const [code, say] of Object.entries(errorTexts[lang])) {
        const text = (say as (p: unknown) => string)(samples[code] ?? any);
        expect(text.length, `${lang} ${code}`).toBeGreaterThan(3);
        expect(text, `${lang} ${code}`).not.toMatch(/\{\w+\}|undefined/);
      }
    }
  });
});
