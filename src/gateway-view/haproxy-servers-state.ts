/**
 * `show servers state` (HAProxy runtime API): one line per server with `srv_admin_state`, the bits
 * that say WHY a server is in maintenance or draining — set in the config (`disabled`), forced on
 * the runtime API, inherited from a tracked server, or because its name did not resolve. The
 * management guide lists the bits (SRV_ADMF_*); `show stat` shows only the resulting MAINT/DRAIN.
 */
export interface ServerAdminState {
  /** `srv_addr:srv_port`: `show stat` leaves `addr` empty below `level operator`, this line has it at any level. */
  readonly address?: string;
  readonly flags: readonly string[];
  /** `disabled in the config`, `set on the runtime API`… */
  readonly describe?: string;
}

const ADMIN_BITS: readonly (readonly [number, string, string])[] = [
  [0x04, 'config-maint', 'disabled in the config'],
  [0x01, 'forced-maint', 'maintenance set on the runtime API'],
  [0x02, 'inherited-maint', 'maintenance inherited from a tracked server'],
  [0x20, 'resolution-maint', 'its name did not resolve'],
  [0x40, 'hostname-maint', 'no address for its host name'],
  [0x08, 'forced-drain', 'drain set on the runtime API'],
  [0x10, 'inherited-drain', 'drain inherited from a tracked server'],
];

/** `backend/server` → its address and admin state. */
export function parseServersState(text: string): Map<string, ServerAdminState> {
  const out = new Map<string, ServerAdminState>();
  const lines = text.split('\n');
  const header = lines.find((l) => l.startsWith('# be_id'));
  if (!header) return out;
  const columns = header.slice(2).trim().split(/\s+/);
  const at = (name: string): number => columns.indexOf(name);
  for (const line of lines.slice(0, 100_000)) {
    if (line.startsWith('#') || line.trim() === '') continue;
    const fields = line.trim().split(/\s+/);
    if (fields.length < columns.length - 2) continue;
    const bits = Number(fields[at('srv_admin_state')]) || 0;
    const matched = ADMIN_BITS.filter(([bit]) => (bits & bit) !== 0);
    // A server `disabled` in the config carries both the config and the forced bit: say the config.
    const shown = matched.some(([, flag]) => flag === 'config-maint') ? matched.filter(([, flag]) => flag !== 'forced-maint') : matched;
    const host = fields[at('srv_addr')];
    const port = fields[at('srv_port')];
    const address = host && port && port !== '0' && host !== '-' ? `${host.includes(':') ? `[${host}]` : host}:${port}` : undefined;
    out.set(`${fields[at('be_name')]}/${fields[at('srv_name')]}`, {
      ...(address ? { address } : {}),
      flags: shown.map(([, flag]) => flag),
      ...(shown[0] ? { describe: shown.map(([, , words]) => words).join(', ') } : {}),
    });
  }
  return out;
}
