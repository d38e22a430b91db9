import type { Severity } from '../causes/catalog.js';
import { cause } from '../causes/catalog.js';
import type { Finding } from '../diagnosis/types.js';
import type { Reporter } from './types.js';
import { findingWhere, orderedFindings } from './finding-order.js';

/**
 * `--format github`: GitHub Actions workflow commands, one annotation per finding, pinned to the
 * config line (`::error file=…,line=…,col=…,title=…::message`). Escaping follows the runner's
 * rules (actions/toolkit `command.ts`): in data `%`, `\r`, `\n`; in property values also `:` and `,`.
 */
export const githubReporter: Reporter = (diagnosis) => {
  const lines = orderedFindings(diagnosis.findings).map(annotation);
  const count = diagnosis.findings.length;
  lines.push(`uh: ${diagnosis.config.path}: ${diagnosis.verdict} (${count} finding${count === 1 ? '' : 's'})`);
  return `${lines.join('\n')}\n`;
};

const COMMAND: Readonly<Record<Severity, 'error' | 'warning' | 'notice'>> = {
  critical: 'error',
  warning: 'warning',
  info: 'notice',
};

function annotation(f: Finding): string {
  const command = f.ignored ? 'notice' : COMMAND[f.severity];
  const props: string[] = [];
  if (f.loc) {
    props.push(`file=${escapeProperty(f.loc.file)}`, `line=${f.loc.line}`);
    if (f.loc.column > 0) props.push(`col=${f.loc.column}`);
  }
  const ignored = f.ignored ? ' (accepted by ignore:)' : '';
  props.push(`title=${escapeProperty(`uh ${f.cause}: ${cause(f.cause).title}${ignored}`)}`);
  const text = [`${findingWhere(f)}: ${f.evidence.join('; ')}`, `Fix: ${f.remediation}`, `Runbook: uh explain ${f.cause}`].join('\n');
  return `::${command} ${props.join(',')}::${escapeData(text)}`;
}

/** Message text of a workflow command. */
export function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** A `key=value` property of a workflow command: data escaping plus `:` and `,`. */
export function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}
