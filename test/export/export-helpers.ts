import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig } from '../../src/config/load.js';
import { makeCa } from '../../src/pki/certs.js';
import type { GatewayConfig } from '../../src/model/index.js';

const RICH = new URL('../convert/fixtures/rich.yaml', import.meta.url).pathname;

/**
 * The rich uh fixture, with its CA pointing at a real PEM in `dir` (nginx -t opens the file),
 * loaded through the real uh parser.
 */
export function loadRich(dir: string): GatewayConfig {
  const ca = join(dir, 'ca.pem');
  writeFileSync(ca, makeCa('uh export test CA').certPem);
  const path = join(dir, 'rich.yaml');
  writeFileSync(path, readFileSync(RICH, 'utf8').replace('/etc/uh/ca.pem', ca));
  return loadConfig(path);
}

/**
 * A minimal nginx main config around an exported http-context file, with every path nginx would
 * write (pid, logs, temp dirs) inside `dir`, so `nginx -t -p dir` runs unprivileged.
 */
export function writeNginxMain(dir: string, exported: string): string {
  for (const sub of ['logs', 'tmp']) mkdirSync(join(dir, sub), { recursive: true });
  writeFileSync(join(dir, 'export.conf'), exported);
  const main = join(dir, 'nginx.conf');
  writeFileSync(main, [
    `pid ${join(dir, 'nginx.pid')};`,
    `error_log ${join(dir, 'logs', 'error.log')};`,
    'events {}',
    'http {',
    '    access_log off;',
    ...['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map((t) => `    ${t}_temp_path ${join(dir, 'tmp', t)};`),
    '    include export.conf;',
    '}',
    '',
  ].join('\n'));
  return main;
}
