import { describe, expect, it } from 'vitest';
import { clientResponseHeaders } from '../../src/proxy/forward.js';
import { client, closedAfterEach, get, serve, startUpstream } from './helpers.js';
import { gateway, group } from './model.js';

const raw = (...fields: string[]): Buffer[] => fields.map((f) => Buffer.from(f, 'latin1'));

describe('the answer relayed to the client', () => {
  it('drops hop-by-hop fields and x-request-id, keeps the rest in order with their case', () => {
    const out = clientResponseHeaders(raw('Server', 'nginx', 'Connection', 'keep-alive', 'Content-Length', '2', 'Keep-Alive', 'timeout=5',
      'Transfer-Encoding', 'chunked', 'X-Request-Id', 'theirs', 'X-Upstream', 'u1', 'TE', 'trailers', 'Upgrade', 'h2c'));
    expect(out).toEqual(['Server', 'nginx', 'Content-Length', '2', 'X-Upstream', 'u1']);
  });

  it('drops the fields a Connection header names, in any case and over several Connection headers', () => {
    const out = clientResponseHeaders(raw('X-Secret', 'a', 'connection', 'Keep-Alive, X-SECRET', 'x-other', 'b', 'Connection', 'x-other', 'x-kept', 'c'));
    expect(out).toEqual(['x-kept', 'c']);
  });

  describe('through uh serve', () => {
    const run = closedAfterEach();

    it('relays a body that arrives whole, in pieces, or without a length', async () => {
      const up = await startUpstream('pieces', (req, res) => {
        req.resume();
        if (req.url === '/whole') return void res.writeHead(200, { 'content-length': '5' }).end('whole');
        if (req.url === '/chunked') {
          res.writeHead(200);
          res.write('chu');
          return void setImmediate(() => res.end('nked'));
        }
        res.writeHead(200, { 'content-length': '6' });
        res.write('pie');
        setImmediate(() => res.end('ces'));
      });
      run.ups.push(up);
      ({ proxy: run.proxy } = await serve(gateway([group('web', [up.address])])));
      run.agent = client();
      for (const path of ['/whole', '/pieces', '/chunked']) {
        const answer = await get(run.agent, `${run.proxy.address.url}${path}`);
        expect([answer.status, answer.text]).toEqual([200, path.slice(1)]);
      }
    });
  });
});
