// A sync server's addresses as the user types them: one a line, each the
// workspace's address on one instance of the server (BASE/NAME). The app
// tries them in this order and moves to the next when one is down.

/** The addresses typed, and the lines that are no workspace address. */
export interface Addresses {
  urls: string[];
  bad: string[];
}

/** Whether `s` is an http(s) address with a workspace name at its end. */
export function isAddress(s: string): boolean {
  let u: URL;
  try {
    u = new URL(s);
  } catch {
    return false;
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') return false;
  if (!u.hostname || u.username || u.password || u.search || u.hash || /\s/.test(s)) return false;
  // The last part of the path names the workspace (a trailing slash aside),
  // in the letters the server allows in a name.
  const name = u.pathname.replace(/\/$/, '').split('/').pop() ?? '';
  return /^[A-Za-z0-9._-]{1,64}$/.test(name);
}

/** The lines of `text`, trimmed; blank lines and repeats dropped. */
export function parseAddresses(text: string): Addresses {
  const urls: string[] = [];
  const bad: string[] = [];
  for (const line of text.split('\n').map((l) => l.trim())) {
    if (!line || urls.includes(line) || bad.includes(line)) continue;
    (isAddress(line) ? urls : bad).push(line);
  }
  return { urls, bad };
}
