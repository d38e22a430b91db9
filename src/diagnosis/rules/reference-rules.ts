/**
 * A reference that names a host nobody defined. nginx takes `proxy_pass http://name;` without an
 * `upstream name` block as a host name and refuses to start when it does not resolve ("host not
 * found in upstream"). When the name is bare (no dot, no port: written like an upstream name) or a
 * near miss of a defined group and the DNS probe found no address, the root cause is the reference, not DNS: `config-upstream-undefined`,
 * carrying the DNS answer, and the rest of that phantom group's findings fold into it.
 */
import { formatLine } from '../../model/index.js';
import type { Candidate } from '../candidate.js';
import { measured } from '../candidate.js';
import type { CauseId } from '../../causes/catalog.js';
import type { MeasuredRule } from './types.js';
import { definedAt, didYouMeanGroup, similarGroup } from './similar-group.js';

/** DNS answers that mean "this name is no host". A failing resolver says nothing about the name. */
const NOT_A_HOST: ReadonlySet<CauseId> = new Set(['dns-nxdomain', 'dns-no-answer']);

export const passToUnknownName: MeasuredRule = (runs, config) => runs.flatMap((run): Candidate[] => {
  const group = run.group;
  if (group.source !== 'proxy_pass literal' || run.dns.outcome !== 'fail') return [];
  const dnsSays = run.dns.observations.filter((o) => NOT_A_HOST.has(o.cause));
  if (dnsSays.length === 0) return [];
  const name = run.target.host;
  const similar = similarGroup(config, name, group.context);
  // `http://svc:8080` or `http://api.example.com` was written as a host: only a near miss says otherwise.
  const writtenAsHost = name.includes('.') || run.target.port !== undefined;
  if (writtenAsHost && !similar) return [];
  const reference = `${group.directive ?? 'proxy_pass'} ${group.name} at ${formatLine(group.loc)}`;
  return [{
    ...measured('config-upstream-undefined', {
      group: group.name,
      targets: [run.target.address],
      evidence: [
        `\`${name}\` is no upstream group and does not resolve${didYouMeanGroup(similar)}`,
        similar ? `${reference}; ${definedAt(similar)}` : reference,
        ...dnsSays.flatMap((o) => o.evidence),
      ],
      loc: group.loc,
    }),
    foldsGroup: true,
  }];
});

export const REFERENCE_RULES: readonly MeasuredRule[] = [passToUnknownName];

