// Sync state shared by the header badge and the Sync view, and automatic
// sync: shortly after a local change and on an interval, when a folder is set.
import type { SyncView } from './bindings';
import { api, onSyncProgress } from './api';
import { fail, live } from './live.svelte';

export const sync = $state<{
  view: SyncView | null;
  running: boolean;
  passphrase: string;
  /** Changes imported of all, while a long import runs. */
  progress: { done: number; total: number } | null;
}>({
  view: null,
  running: false,
  passphrase: '',
  progress: null,
});

export async function refreshSync(): Promise<void> {
  try {
    sync.view = await api.syncView();
  } catch {
    sync.view = null; // no workspace open
  }
}

export async function syncNow(report = true): Promise<boolean> {
  if (sync.running || !sync.view?.folder) return false;
  sync.running = true;
  try {
    await api.syncNow(sync.passphrase ? sync.passphrase : null);
    return true;
  } catch (e) {
    if (report) fail(e);
    return false;
  } finally {
    sync.running = false;
    sync.progress = null;
    await refreshSync();
    live.version++;
  }
}

let pending: ReturnType<typeof setTimeout> | null = null;

/** After a change made here: sync in a few seconds (changes in a row coalesce). */
export function syncSoon(): void {
  if (!sync.view?.folder) return;
  if (pending) clearTimeout(pending);
  pending = setTimeout(() => {
    pending = null;
    void syncNow(false);
  }, 3000);
}

/** Every few minutes, whatever happened; and follow the progress of imports. */
export function startAutoSync(): () => void {
  const timer = setInterval(() => void syncNow(false), 120_000);
  const unlisten = onSyncProgress((p) => {
    sync.progress = p.done < p.total ? p : null;
  });
  return () => {
    clearInterval(timer);
    void unlisten.then((f) => f());
  };
}
