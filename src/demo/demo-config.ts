/**
 * The uh YAML the demo diagnoses: groups named so the story reads well — `users` has no healthy
 * upstream, `search` is degraded, `payments` serves an expired certificate, `orders` fails on its
 * database, `inventory` is spoken to in HTTP/1.1 while it speaks only h2, `cart` flaps. Written as
 * text, the way a user would, so the demo also exercises the uh parser.
 */
import type { DemoFaults } from './start-faults.js';

/** Short check timeouts keep the demo to a few seconds (the hanging target is given up on quickly). */
export function demoConfigYaml(faults: DemoFaults, caFile: string): string {
  const check = (timeout = '2s'): string => `    health:
      active: {type: http, path: /health, interval: 5s, timeout: ${timeout}}`;
  return `# uh demo: every upstream below is a real server on loopback with one fault.
ignore: [config-single-member]   # one-member demo groups: accepted risk, reported but not failing
upstreams:
  users:                         # refused + hang: no healthy upstream
    targets:
      - address: ${faults.refused}
      - address: ${faults.hanging}
${check('300ms')}
  payments:                      # expired certificate behind TLS the gateway verifies
    targets:
      - address: ${faults.expiredCert}
    tls: {sni: localhost, verify: true, ca: ${JSON.stringify(caFile)}}
${check()}
  search:                        # one target checks a path it never had: degraded
    targets:
      - address: ${faults.wrongHealthPath}
      - address: ${faults.healthy}
${check()}
  orders:                        # the process is up, its database is not
    targets:
      - address: ${faults.failingDatabase}
${check()}
  inventory:                     # the gateway speaks HTTP/1.1 to an h2-only server
    targets:
      - address: ${faults.h2Only}
    protocol: http1
${check()}
  cart:                          # passes and fails alternate
    targets:
      - address: ${faults.flapping}
${check()}
routes:
  - {match: {path_prefix: /users}, upstream: users}
  - {match: {path_prefix: /payments}, upstream: payments}
  - {match: {path_prefix: /search}, upstream: search}
  - {match: {path_prefix: /orders}, upstream: orders}
  - {match: {path_prefix: /inventory}, upstream: inventory}
  - {match: {path_prefix: /cart}, upstream: cart}
`;
}
