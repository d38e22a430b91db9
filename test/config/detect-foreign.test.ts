/**
 * Configs of gateways uh does not read are named, with the line that gave them away and what uh
 * reads instead — never a parser's "unexpected ':'". Checked on the corpus's real files.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { detectFormat } from '../../src/config/detect-format.js';
import { ConfigError } from '../../src/errors.js';
import { ABSENT, CORPUS, WHY } from '../helpers/corpus.js';
import { execFileSync } from 'node:child_process';

function refusal(text: string, path = 'gateway.conf'): ConfigError {
  try {
    detectFormat(text, path);
  } catch (err) {
    if (err instanceof ConfigError) return err;
    throw err;
  }
  throw new Error('the text was taken for a format uh reads');
}

const corpusFiles = (dir: string): string[] => (ABSENT ? [] : execFileSync('find', [join(CORPUS, dir), '-type', 'f'], { encoding: 'utf8' })
  .split('\n').filter(Boolean).sort());

describe('a Caddyfile or a Traefik file is named, located, with what uh reads', () => {
  it('a Caddyfile site with reverse_proxy', () => {
    const err = refusal('example.com {\n\treverse_proxy localhost:8080 localhost:8081\n}\n', 'Caddyfile');
    expect(err.code).toBe('UH_CONFIG_UNSUPPORTED');
    expect(err.message).toBe('Caddyfile:2:1: this is a Caddyfile ("reverse_proxy localhost:8080 localhost:8081" is Caddyfile syntax); '
      + 'uh reads nginx, Envoy (v2/v3), HAProxy and uh YAML configs: describe the upstreams in uh YAML (`uh schema`, docs/config.md) to diagnose them');
  });

  it('Caddy JSON (caddy adapt)', () => {
    expect(refusal('{"apps": {"http": {"servers": {}}}}', 'caddy.json').detail).toMatch(/^this is a Caddy JSON config/);
  });

  it('Traefik dynamic YAML and static TOML', () => {
    const yaml = refusal('http:\n  services:\n    app:\n      loadBalancer:\n        servers:\n          - url: http://10.0.0.1/\n', 'dynamic.yml');
    expect(yaml.detail).toMatch(/^this is a Traefik dynamic config \(YAML\)/);
    expect(yaml.loc?.line).toBe(1);
    expect(refusal('[entryPoints]\n  [entryPoints.web]\n    address = ":80"\n', 'traefik.toml').detail).toMatch(/^this is a Traefik config \(TOML\)/);
  });

  it.skipIf(ABSENT)(`every Caddy and Traefik file of the corpus${WHY}`, () => {
    const files = [...corpusFiles('other/caddy'), ...corpusFiles('other/traefik')];
    expect(files.length).toBeGreaterThan(3);
    for (const file of files) {
      expect(refusal(readFileSync(file, 'utf8'), file).detail, file).toMatch(/^this is a (Caddyfile|Caddy JSON config|Traefik)/);
    }
  });
});

// HAProxy was named here until its reader landed (issue 13): now it is a format of its own.
describe('an HAProxy config is detected as haproxy, not refused', () => {
  it('a backend section with servers', () => {
    expect(detectFormat('global\n    maxconn 100\n\nbackend app\n    balance roundrobin\n    server a 10.0.0.1:80 check\n', 'haproxy.cfg')).toBe('haproxy');
  });

  it.skipIf(ABSENT)(`every HAProxy file of the corpus${WHY}`, () => {
    const files = [...corpusFiles('other/haproxy'), ...corpusFiles('haproxy')];
    expect(files.length).toBeGreaterThan(10);
    for (const file of files) expect(detectFormat(readFileSync(file, 'utf8'), file), file).toBe('haproxy');
  });
});
