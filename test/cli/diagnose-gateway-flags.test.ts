import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { healthyServer } from '../../src/demo/faults/http-servers.js';
import { hostsFile } from '../helpers/probe-context.js';
import { closedAfterEach } from '../helpers/running-faults.js';
import { runUh } from './helpers.js';

const faults = closedAfterEach();

function uhYaml(address: string): string {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'uh-gwflags-')), 'uh.yaml');
  writeFileSync(file, `upstreams:\n  app:\n    targets:\n      - address: ${address}\n`);
  return file;
}

describe('uh diagnose: the gateway-view flags', () => {
  it('without a config file and without an Envoy --admin it is a usage error (exit 2) that says what would do', async () => {
    const run = await runUh(['diagnose']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('uh: diagnose needs a config file (nginx.conf, Envoy YAML/JSON, HAProxy, uh YAML); only an Envoy admin (--admin http://host:9901) can stand in for it');
  });

  it('a malformed --admin, --through or --since is a usage error naming the flag', async () => {
    const file = uhYaml('127.0.0.1:9');
    for (const [args, words] of [
      [['--admin', 'localhost:9901'], '--admin takes http(s)://host:port[/path] or unix:/path, got "localhost:9901"'],
      [['--through', '127.0.0.1:8080'], '--through takes the gateway listener\'s URL (e.g. http://127.0.0.1:8080), got "127.0.0.1:8080"'],
      [['--gateway-log', '/dev/null', '--since', 'yesterday'], '--since takes a duration such as 2s or 500ms, got "yesterday"'],
    ] as const) {
      const run = await runUh(['diagnose', file, ...args]);
      expect(run.code, run.stderr).toBe(2);
      expect(run.stderr).toContain(words);
    }
  });

  it('an --admin endpoint where no known gateway answers is a skip with the reason, and the diagnosis still runs', async () => {
    const target = await faults.start(healthyServer());
    const notAGateway = await faults.start(healthyServer());
    const run = await runUh(['diagnose', uhYaml(target.address), '--admin', `http://${notAGateway.address}`, '--format', 'json', '--samples', '1', '--hosts-file', hostsFile()]);
    expect(run.code, run.stderr).toBe(0);
    const doc = JSON.parse(run.stdout) as { verdict: string; gateway: { sources: unknown[] } };
    expect(doc.verdict).toBe('healthy');
    expect(doc.gateway.sources).toEqual([{
      source: 'unknown', endpoint: `http://${notAGateway.address}`, outcome: 'skip', groups: 0, targets: 0, notes: [],
      reason: expect.stringMatching(/^no Envoy admin, HAProxy stats, Caddy admin or NGINX Plus API answered there \(it answered 200 to \/clusters\?format=json\); name it with --admin-kind$/),
    }]);
  });
});
