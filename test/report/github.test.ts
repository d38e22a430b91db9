import { readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { escapeData, escapeProperty, githubReporter } from '../../src/report/github.js';
import { REPORTERS } from '../../src/report/index.js';
import { HEALTHY_DIAGNOSIS, SAMPLE_DIAGNOSIS } from '../fixtures/diagnosis/sample.js';

const OPTIONS = { color: false, version: '0.1.0' };
const GOLDEN = new URL('../fixtures/diagnosis/sample.github.txt', import.meta.url);

/** The runner's own parsing (actions/runner ActionCommand.TryParseV2), reduced: command, properties, data. */
function parseCommand(line: string): { command: string; props: Record<string, string>; data: string } | undefined {
  const m = /^::([a-z]+)(?: ([^:]*))?::(.*)$/.exec(line);
  if (!m) return undefined;
  const unescape = (s: string): string =>
    s.replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%3A/g, ':').replace(/%2C/g, ',').replace(/%25/g, '%');
  const props: Record<string, string> = {};
  for (const pair of (m[2] ?? '').split(',').filter(Boolean)) {
    const eq = pair.indexOf('=');
    props[pair.slice(0, eq)] = unescape(pair.slice(eq + 1));
  }
  return { command: m[1]!, props, data: unescape(m[3]!) };
}

describe('github report: workflow annotations on the config lines', () => {
  it('matches the golden file for the fixed diagnosis (UPDATE_GOLDEN=1 rewrites it)', () => {
    const out = githubReporter(SAMPLE_DIAGNOSIS, OPTIONS);
    if (process.env.UPDATE_GOLDEN) writeFileSync(GOLDEN, out);
    expect(out).toBe(readFileSync(GOLDEN, 'utf8'));
  });

  it('annotates each finding at its file, line and column with the severity GitHub knows', () => {
    const lines = githubReporter(SAMPLE_DIAGNOSIS, OPTIONS).trimEnd().split('\n');
    const parsed = lines.map(parseCommand);
    expect(parsed.slice(0, 4).map((p) => p?.command)).toEqual(['error', 'error', 'warning', 'notice']);
    expect(parsed[0]!.props).toEqual({ file: 'conf/nginx.conf', line: '13', col: '9', title: 'uh tcp-refused: Connection refused' });
    expect(parsed[3]!.props.file).toBeUndefined();
    expect(parsed[3]!.props.title).toContain('(accepted by ignore:)');
    expect(lines[4]).toBe('uh: conf/nginx.conf: no-healthy-upstream (4 findings)');
  });

  it('round-trips %, CR, LF, ":" and "," through the runner escaping rules', () => {
    const lines = githubReporter(SAMPLE_DIAGNOSIS, OPTIONS).split('\n');
    for (const line of lines.filter((l) => l.startsWith('::'))) expect(line).not.toMatch(/[\r]/);
    const tls = parseCommand(lines[1]!)!;
    expect(tls.data).toContain('issuer: 100% internal | CA\nsecond line');
    expect(escapeData('50%\r\n')).toBe('50%25%0D%0A');
    expect(escapeProperty('a:b,c%')).toBe('a%3Ab%2Cc%25');
    expect(parseCommand(`::error title=${escapeProperty('x: y, z')}::m`)!.props.title).toBe('x: y, z');
  });

  it('prints only the summary line for a clean run, and is registered as --format github', () => {
    expect(githubReporter(HEALTHY_DIAGNOSIS, OPTIONS)).toBe('uh: uh.yaml: healthy (0 findings)\n');
    expect(REPORTERS.github).toBe(githubReporter);
  });
});
