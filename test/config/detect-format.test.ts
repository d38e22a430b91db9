import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { detectFormat } from '../../src/config/detect-format.js';

const BAD = fileURLToPath(new URL('../fixtures/config/bad/', import.meta.url));

describe('the format comes from the content, not the file name', () => {
  it.each([
    ['an nginx site named `default`', 'user www-data;\nevents {}\nhttp {\n  upstream users { server 10.0.0.1:80; }\n}\n', 'nginx'],
    ['a bare nginx fragment (conf.d)', '# users\nupstream users {\n    server 10.0.0.1:80;\n}\n', 'nginx'],
    ['an Envoy bootstrap in YAML', 'static_resources:\n  clusters: []\n', 'envoy'],
    ['an Envoy bootstrap in JSON named config.json', '{"admin": {"address": {}}, "static_resources": {"clusters": []}}', 'envoy'],
    ['Envoy with only admin (a mapping)', 'admin:\n  address:\n    socket_address: {address: 127.0.0.1, port_value: 9901}\n', 'envoy'],
    ['an xDS resources file', 'resources:\n- "@type": type.googleapis.com/envoy.config.cluster.v3.Cluster\n', 'envoy'],
    ['a v1 Envoy config (its parser names the version)', '{"listeners": [], "cluster_manager": {"clusters": []}}', 'envoy'],
    ['uh YAML', 'upstreams:\n  users:\n    targets: [{address: 10.0.0.1:80}]\n', 'uh'],
    ['uh YAML with only routes', 'routes:\n  - upstream: users\n', 'uh'],
    ['uh YAML in JSON', '{"upstreams": {}}', 'uh'],
    ['uh admin (an address)', 'admin: 127.0.0.1:9901\n', 'uh'],
    ['a YAML list of Envoy Clusters without @type', '- name: app\n  connect_timeout: 1s\n  load_assignment:\n    cluster_name: app\n', 'envoy'],
    ['a YAML list of ClusterLoadAssignments in camelCase (Envoy Gateway)', '- clusterName: app\n  endpoints:\n  - lbEndpoints: []\n', 'envoy'],
    ['a YAML list of Listeners', '- name: l\n  address: {socket_address: {address: 0.0.0.0, port_value: 80}}\n  filter_chains: []\n', 'envoy'],
    ['a YAML list of RouteConfigurations', '# routes\n- name: r\n  virtual_hosts: []\n', 'envoy'],
    ['a JSON list of resources with @type', '[{"@type": "type.googleapis.com/envoy.config.cluster.v3.Cluster", "name": "a"}]', 'envoy'],
    ['an admin /config_dump fragment', '[\n  {\n    "version_info": "1",\n    "cluster": {"name": "a"},\n    "last_updated": "2024-01-01T00:00:00Z"\n  }\n]\n', 'envoy'],
    ['an nginx file of one-line blocks only (no line ends in ;)', 'upstream app { server 10.0.0.1:80; }\nupstream api { server 10.0.0.2:80; }\n', 'nginx'],
  ] as const)('%s → %s', (_what, text, format) => {
    expect(detectFormat(text, 'config')).toBe(format);
  });

  it('detects the fixtures without looking at their names', () => {
    expect(detectFormat(readFileSync(`${BAD}nginx-default`, 'utf8'), 'default')).toBe('nginx');
    expect(detectFormat(readFileSync(`${BAD}envoy-config.json`, 'utf8'), 'config.json')).toBe('envoy');
    expect(detectFormat(readFileSync(`${BAD}truncated.json`, 'utf8'), 'x.json')).toBe('envoy');
  });

  it('undecidable text is a ConfigError that suggests --config-format', () => {
    expect(() => detectFormat('just some words\n', 'notes.txt')).toThrow(
      expect.objectContaining({ code: 'UH_CONFIG_UNSUPPORTED', message: expect.stringContaining('pass --config-format nginx|envoy|uh') }),
    );
  });

  it('looks at a bounded prefix, so a huge file is decided at once', () => {
    const text = `upstreams:\n${'# padding line\n'.repeat(1_000_000)}`;
    const started = performance.now();
    expect(detectFormat(text, 'big.yaml')).toBe('uh');
    expect(performance.now() - started).toBeLessThan(5000);
  });
});

describe('detection is linear on hostile lines (found by bench/fuzz: case 1940 of seed 266 ran for minutes)', () => {
  it.each([
    ['letters, then blanks', `${'a'.repeat(40_000)}\n${' '.repeat(40_000)}\n`],
    ['blanks, then letters', `${' '.repeat(40_000)}\n${'a'.repeat(40_000)}\n`],
    ['a directive name and blanks with no ;', `server${' '.repeat(40_000)}x\n`],
    ['JSON-ish blanks before a key', `${' '.repeat(40_000)}\n{${' '.repeat(40_000)}x\n`],
    // bench/fuzz case 2106 of seed 266: 130 bytes of CRLF blank lines hung the Envoy-list check (exponential).
    ['blank CRLF lines only', '\r\n   \r\n\t\r\n'.repeat(12)],
    ['a list marker, then a sea of blank lines', `-\n${'\n'.repeat(200_000)}x`],
  ])('%s: told or refused with a located reason, no hang', (_name, text) => {
    // Before the fix the nginx directive regex backtracked over both lines (\s crossed the newline):
    // cubic, minutes for this input. The test's own timeout is the bound; no wall-clock assertion.
    let outcome: string;
    try {
      outcome = detectFormat(text, 'hostile.conf');
    } catch (err) {
      outcome = (err as Error).message;
    }
    expect(outcome).toMatch(/\S/);
  });
});
