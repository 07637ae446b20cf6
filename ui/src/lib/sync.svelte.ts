// Sync state shared by the header badge and the Sync view, and automatic
// sync: shortly after a local change and on an interval, when a folder is set.
// Through a server the app syncs in the background by itself (Rust side);
// here we only show its status.
import type { LiveSync, Progress, SyncView } from './bindings';
import { api, onPapersProgress, onSyncLive, onSyncProgress } from './api';
import { fail, live } from './live.svelte';

export const sync = $state<{
  view: SyncView | null;
  /** The background sync with a server: the newest status heard (by event or with the view). */
  live: LiveSync | null;
  running: boolean;
  passphrase: string;
  /** Changes imported of all, while a long import runs. */
  progress: { done: number; total: number } | null;
  /** Papers moved of all, while a sync moves them. */
  papers: Progress | null;
}>({
  view: null,
  live: null,
  running: false,
  passphrase: '',
  progress: null,
  papers: null,
});

/** A status of the background sync, unless a newer one was heard already
 * (an event can overtake the answer to a command). */
export function adoptLive(l: LiveSync | null): void {
  if (l && (!sync.live || l.serial >= sync.live.serial)) sync.live = l;
}

/** Show a sync view just read. */
export function setView(v: SyncView | null): void {
  sync.view = v;
  if (!v?.servers.length) sync.live = null;
  else adoptLive(v.live);
}

export async function refreshSync(): Promise<void> {
  try {
    setView(await api.syncStatus());
  } catch {
    setView(null); // no workspace open
  }
}

/** The header badge's words for a background sync that is not online. */
export function liveBadge(state: string): 'badge.live.connecting' | 'badge.live.offline' | 'badge.live.refused' {
  if (state === 'connecting') return 'badge.live.connecting';
  return state === 'offline' ? 'badge.live.offline' : 'badge.live.refused';
}

/** Whether the open workspace syncs through a server (one address or more). */
export function viaServer(): boolean {
  return !!sync.view?.servers.length;
}

/** Whether the open workspace syncs at all (through a folder or a server). */
export function syncSet(): boolean {
  return !!sync.view?.folder || viaServer();
}

export async function syncNow(report = true): Promise<boolean> {
  if (sync.running || !syncSet()) return false;
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
  if (!sync.view?.folder || viaServer()) return;
  if (pending) clearTimeout(pending);
  pending = setTimeout(() => {
    pending = null;
    void syncNow(false);
  }, 3000);
}

/** Every few minutes, whatever happened; and follow the progress of imports. */
export function startAutoSync(): () => void {
  const timer = setInterval(() => {
    if (!viaServer()) void syncNow(false);
  }, 120_000);
  const unlisten = onSyncProgress((p) => {
    sync.progress = p.done < p.total ? p : null;
  });
  const unlistenPapers = onPapersProgress((p) => {
    sync.papers = p.files_done < p.files_total ? p : null;
  });
  const unlistenLive = onSyncLive(adoptLive);
  return () => {
    clearInterval(timer);
    void unlisten.then((f) => f());
    void unlistenPapers.then((f) => f());
    void unlistenLive.then((f) => f());
  };
}
