/**
 * "did you mean `faulty`?" for a reference that names no group: the closest defined group name
 * (same nginx context), with where it is defined, so the reader sees both places in the file.
 */
import { closest } from '../../config/uh/did-you-mean.js';
import type { GatewayConfig, UpstreamGroup } from '../../model/index.js';
import { formatLine } from '../../model/index.js';

/** What a group is called where it is defined (`upstream faulty`, `cluster app`, `upstream app`). */
export function groupDefinition(group: UpstreamGroup): string {
  if (group.source === 'cluster') return `cluster ${group.name}`;
  return `upstream ${group.name}`;
}

/** Defined groups a reference could have meant: nginx upstream blocks of the same context, every group elsewhere. */
function definedGroups(config: GatewayConfig, context: UpstreamGroup['context']): UpstreamGroup[] {
  return config.groups.filter((g) => g.source !== 'proxy_pass literal' && (context === undefined || g.context === undefined || g.context === context));
}

/**
 * The defined group closest to `name`, if one is a near miss: a few edits away, or the same name
 * with a `_`/`-`/`.` suffix added or dropped (`faulty_typo` for `faulty`, `api` for `api-v2`).
 */
export function similarGroup(config: GatewayConfig, name: string, context?: UpstreamGroup['context']): UpstreamGroup | undefined {
  const groups = definedGroups(config, context);
  const hint = closest(name, groups.map((g) => g.name));
  return groups.find((g) => g.name === hint) ?? longest(groups.filter((g) => sharesStem(name.toLowerCase(), g.name.toLowerCase())));
}

function sharesStem(a: string, b: string): boolean {
  const [short, long] = a.length <= b.length ? [a, b] : [b, a];
  return short.length >= 2 && long.startsWith(short) && /^[_.-]/.test(long.slice(short.length));
}

function longest(groups: readonly UpstreamGroup[]): UpstreamGroup | undefined {
  return [...groups].sort((x, y) => y.name.length - x.name.length)[0];
}

/** ` — did you mean \`faulty\`?` or ''. */
export function didYouMeanGroup(similar: UpstreamGroup | undefined): string {
  return similar ? ` — did you mean \`${similar.name}\`?` : '';
}

/** `upstream faulty at nginx.conf:3`, the second place the reader needs. */
export function definedAt(similar: UpstreamGroup): string {
  return `${groupDefinition(similar)} at ${formatLine(similar.loc)}`;
}
