import { CATALOG, LAYER_ORDER } from '../causes/catalog.js';

/**
 * docs/causes.md, generated from the catalog so the documentation can never drift from the ids the
 * code emits (a test keeps the committed file equal to this text). Regenerate with
 * `UPDATE_DOCS=1 npx vitest run test/docs`.
 */
export function causesDoc(): string {
  const causes = [...CATALOG.values()];
  const lines = [
    '# Cause catalog',
    '',
    '<!-- Generated from src/causes/catalog.ts by src/report/causes-doc.ts. Do not edit by hand. -->',
    '',
    `Every finding uh reports names one of these ${causes.length} stable ids. Layers follow the diagnostic flow`,
    `(${LAYER_ORDER.join(' → ')}): a cause in an earlier layer explains symptoms in later ones for the same target.`,
    'Each id has a runbook: `uh explain <id>` prints it (the files are in [`runbooks/`](../runbooks)).',
    '',
    '| Layer | Id | Severity | Title | Remediation |',
    '|---|---|---|---|---|',
    ...causes.map(
      (c) => `| ${c.layer} | [\`${c.id}\`](../${c.runbook}) | ${c.severity} | ${cell(c.title)} | ${cell(c.remediation)} |`,
    ),
    '',
    'Severity is the default; a rule may lower it (an expired certificate behind `proxy_ssl_verify off` is a warning,',
    'a risk rather than an outage). Ids are only ever added, never renamed.',
  ];
  return `${lines.join('\n')}\n`;
}

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}
