// Publishing a chair's report from the app (the "Publicér" actions beside
// the report exports): the report is kept as it is now, laid out in the
// app's language as its exports are, and the status line says so.
import { api, type PublishInput } from './api';
import { i18n, t } from './i18n/index.svelte';
import { attempt, live, say } from './live.svelte';
import { syncSoon } from './sync.svelte';

/** The period a publication covers, as the status line names it (a
 * highlight report's initiative is named on its page already). */
export function periodOf(what: PublishInput): string {
  switch (what.kind) {
    case 'status':
      return String(what.year);
    case 'deliverables':
      return what.half;
    case 'highlight':
      return what.period;
  }
}

/** Publish `what`; its id, or undefined when it was refused (the error shown). */
export async function publish(what: PublishInput): Promise<string | undefined> {
  const id = await attempt(() => api.reportPublish(what, i18n.lang));
  if (id === undefined) return undefined;
  say(t('published.done', { report: t(`published.kind.${what.kind}`), period: periodOf(what) }));
  // The list of published reports reloads, and the other members get it soon.
  live.version++;
  syncSoon();
  return id;
}
