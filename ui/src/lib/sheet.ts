// The spreadsheet import's typed row problems and columns (steerco-sheet) in
// words, from a catalogue: the preview table and the refusal's error text
// (errors-da.ts, errors-en.ts) say them alike. A code without a text in the
// catalogue does not compile: the keys are built from the generated unions.
import type { SheetBadRow, SheetColumn, SheetRowProblem } from './bindings';
import type { Key } from './i18n/da';

type Catalogue = Record<Key, string>;

function fill(text: string, params: Record<string, string | number>): string {
  return text.replace(/\{(\w+)\}/g, (_, name: string) => String(params[name] ?? `{${name}}`));
}

export function columnText(c: SheetColumn, cat: Catalogue): string {
  return fill(cat[`sheet.column.${c.kind}`], { year: 'year' in c ? c.year : '' });
}

export function problemText(p: SheetRowProblem, cat: Catalogue): string {
  const params: Record<string, string | number> = {};
  if ('params' in p) {
    for (const [name, value] of Object.entries(p.params) as [string, string | number | SheetColumn][]) {
      params[name] = typeof value === 'object' ? columnText(value, cat) : value;
    }
  }
  return fill(cat[`sheet.problem.${p.code}`], params);
}

export function badRowsText(rows: SheetBadRow[], cat: Catalogue): string {
  return rows
    .map((r) =>
      fill(cat['sheet.badRow'], { row: r.row, problems: r.problems.map((p) => problemText(p, cat)).join(', ') }),
    )
    .join('; ');
}
