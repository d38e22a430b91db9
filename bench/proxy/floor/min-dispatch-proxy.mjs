// The thinnest proxy the stack allows: node:http server + one undici Pool per upstream,
// undici's dispatch() with raw header arrays, round-robin, nothing else (no health checks, no
// metrics, no retries, no x-forwarded-*). Not a product: the floor that `uh serve`'s per-request
// cost is measured against. Env as ../../../../shared/bench/proxy-peers.sh gives a candidate.
import http from 'node:http';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const { Pool } = require('undici');
const HOP = new Set(['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'te', 'trailer', 'upgrade']);
const pools = [process.env.UPSTREAM1, process.env.UPSTREAM2].map((url) => new Pool(url, { connections: 256 }));
let next = 0;

class Relay {
  constructor(res) { this.res = res; }
  onConnect() {}
  onHeaders(status, raw) {
    const headers = [];
    for (let i = 0; i < raw.length; i += 2) {
      const name = raw[i].toString('latin1');
      if (!HOP.has(name.toLowerCase())) headers.push(name, raw[i + 1].toString('latin1'));
    }
    this.res.writeHead(status, headers);
    return true;
  }
  onData(chunk) { return this.res.write(chunk); }
  onComplete() { this.res.end(); }
  onError() { if (this.res.headersSent) this.res.destroy(); else this.res.writeHead(502).end(); }
}

const server = http.createServer((req, res) => {
  const raw = req.rawHeaders;
  const headers = [];
  for (let i = 0; i < raw.length; i += 2) if (!HOP.has(raw[i].toLowerCase())) headers.push(raw[i], raw[i + 1]);
  pools[next++ % pools.length].dispatch({ path: req.url, method: req.method, headers, body: null }, new Relay(res));
});
server.keepAliveTimeout = 300e3;
server.listen(Number(process.env.LISTEN_PORT), process.env.LISTEN_HOST || '127.0.0.1');
