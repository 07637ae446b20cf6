// The current language and the lookup of user-facing strings. Every string
// the UI shows comes from da.ts or en.ts.
import { da, type Key } from './da';
import { en } from './en';

export type Lang = 'da' | 'en';
export const catalogues: Record<Lang, Record<Key, string>> = { da, en };

export const i18n = $state<{ lang: Lang }>({ lang: 'da' });

export function setLang(lang: string): void {
  i18n.lang = lang === 'en' ? 'en' : 'da';
  document.documentElement.lang = i18n.lang;
}

/** The string for `key` in the current language, with {name} placeholders filled. */
export function t(key: Key, params: Record<string, string | number> = {}): string {
  const text = catalogues[i18n.lang][key];
  return text.replace(/\{(\w+)\}/g, (_, name: string) => String(params[name] ?? `{${name}}`));
}

export function hasKey(key: string): key is Key {
  return key in da;
}

export type { Key };

/** The catalogue string for a value from the data (`prefix.value`), or the value itself. */
export function label(prefix: string, value: string): string {
  const key = `${prefix}.${value}`;
  return hasKey(key) ? t(key) : value;
}
