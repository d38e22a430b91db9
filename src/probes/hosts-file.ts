/**
 * /etc/hosts, read the way glibc's `files` NSS backend reads it (hosts(5)): one address per line
 * followed by its canonical name and aliases, `#` starts a comment, names match case-insensitively.
 * The system resolver consults it BEFORE DNS (nsswitch `hosts: files dns`), so a stale line here
 * silently overrides DNS for every process that resolves at start-up, the gateway included.
 */
import { readFile } from 'node:fs/promises';
import { isIP } from 'node:net';

export interface HostsEntry {
  readonly address: string;
  readonly family: 4 | 6;
  /** 1-based line number, for evidence (`/etc/hosts:12`). */
  readonly line: number;
}

/** Parse hosts-file text into name → entries (in file order). Malformed lines are skipped. */
export function parseHosts(text: string): Map<string, HostsEntry[]> {
  const byName = new Map<string, HostsEntry[]>();
  text.split(/\r?\n/).forEach((raw, index) => {
    const [address, ...names] = raw.replace(/#.*/, '').trim().split(/\s+/);
    const family = address ? isIP(address.replace(/%.*$/, '')) : 0;
    if (!address || (family !== 4 && family !== 6)) return;
    for (const name of names) {
      const key = name.toLowerCase().replace(/\.$/, '');
      const list = byName.get(key) ?? [];
      if (!list.some((e) => e.address === address)) list.push({ address, family, line: index + 1 });
      byName.set(key, list);
    }
  });
  return byName;
}

/**
 * The entries for `name` in `file`. A missing or unreadable file counts as empty (a container
 * without /etc/hosts resolves through DNS only), reported through `readError`.
 */
export async function lookupHosts(file: string, name: string): Promise<{ entries: HostsEntry[]; readError?: string }> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    return { entries: [], readError: `${file}: ${(err as { code?: string }).code ?? 'unreadable'}` };
  }
  return { entries: parseHosts(text).get(name.toLowerCase().replace(/\.$/, '')) ?? [] };
}
