/** "Where" a finding is, as both terminal layouts say it: the group, its first targets, file:line. */
import path from 'node:path';
import type { Finding } from '../../diagnosis/types.js';
import { formatLine } from '../../model/index.js';

/** Targets named before "+N more". */
const MAX_TARGETS_SHOWN = 3;

export interface Where {
  readonly group: string;
  readonly targets: readonly string[];
  readonly more: number;
  readonly line?: string;
}

export function whereOf(finding: Finding, configPath: string): Where {
  return {
    group: finding.group === '' ? '(config)' : finding.group,
    targets: finding.targets.slice(0, MAX_TARGETS_SHOWN),
    more: Math.max(0, finding.targets.length - MAX_TARGETS_SHOWN),
    ...(finding.loc ? { line: formatLine({ ...finding.loc, file: shortPath(finding.loc.file, configPath) }) } : {}),
  };
}

/** `conf.d/users.conf` rather than a long absolute path, when the file sits near the main config. */
function shortPath(file: string, configPath: string): string {
  const relative = path.relative(path.dirname(configPath), file);
  return relative.startsWith('../../') || path.isAbsolute(relative) ? file : relative;
}
