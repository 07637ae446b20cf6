export type Rag = 'green' | 'amber' | 'red' | 'grey';
export type Lang = 'da' | 'en';

const RAG_LABELS: Record<Lang, Record<Rag, string>> = {
  da: { green: 'Grøn', amber: 'Gul', red: 'Rød', grey: 'Grå' },
  en: { green: 'Green', amber: 'Amber', red: 'Red', grey: 'Grey' },
};

/** Text label for a RAG status, so colour is never the only signal. */
export function ragLabel(rag: Rag, lang: Lang): string {
  return RAG_LABELS[lang][rag];
}
