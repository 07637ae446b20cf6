// Errors in the user's language. Every error the app can show arrives as a
// stable code with typed parameters (generated from the Rust types into
// ../bindings.ts); errors-da.ts and errors-en.ts have a text for each. Their
// type is a map over the generated code union, so a code without a Danish or
// an English text, a text for a code that does not exist, or a parameter the
// code does not carry is a compile error (npm run check). The English message
// that comes along is the CLI's: shown only for what never reached the app's
// commands (an `internal` error).
import type { Problem, Refusal } from '../bindings';
import { errorsDa } from './errors-da';
import { errorsEn } from './errors-en';

type Coded = Refusal | Problem;

/** Every code the Rust side sends. */
export type ErrorCode = Coded['code'];

/** The parameters of one code (none for a code without). */
export type ParamsOf<C extends ErrorCode> =
  Extract<Coded, { code: C }> extends { params: infer P } ? P : Record<string, never>;

/** A text for every code, made from its parameters. */
export type ErrorTexts = { [C in ErrorCode]: (p: ParamsOf<C>) => string } & {
  /** A failure outside the app's commands (the call itself failed). */
  internal: (p: { detail: string }) => string;
};

/** An error as the UI holds it: one from the Rust side, or an internal one. */
export type ShownError =
  (Coded & { message: string }) | { code: 'internal'; params: { detail: string }; message: string };

export const errorTexts: Record<'da' | 'en', ErrorTexts> = { da: errorsDa, en: errorsEn };

/** The text of `e` in `lang`. A code this build does not know (it cannot
 *  happen between a shell and its own UI, but a text is better than nothing)
 *  falls back on the English message. */
export function errorText(e: ShownError, lang: 'da' | 'en'): string {
  const texts = errorTexts[lang] as unknown as Record<string, ((p: unknown) => string) | undefined>;
  const say = texts[e.code];
  return say ? say('params' in e ? e.params : {}) : e.message;
}
