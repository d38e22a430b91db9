// NOT a proxy anyone should run: a ceiling. Raw node:net sockets both ways, request heads copied
// verbatim, upstream answers framed by Content-Length only (no chunked, no request bodies, no
// header rewriting, no parser hardening). It shows how much of the per-request cost is node:http's
// and undici's machinery rather than Node's sockets: the headroom a purpose-built HTTP/1.1 codec
// could reach. Env as ../../../../shared/bench/proxy-peers.sh gives a candidate.
import net from 'node:net';

const upstreams = [process.env.UPSTREAM1_HOSTPORT, process.env.UPSTREAM2_HOSTPORT].map((hp) => {
  const [host, port] = hp.split(':');
  return { host, port: Number(port), idle: [] };
});
const END = Buffer.from('\r\n\r\n');
let next = 0;

function withUpstream(u, use) {
  const socket = u.idle.pop();
  if (socket && !socket.destroyed) return use(socket);
  const fresh = net.connect({ host: u.host, port: u.port, noDelay: true });
  fresh.on('error', () => fresh.destroy());
  fresh.once('connect', () => use(fresh));
}

function relay(client, head) {
  const u = upstreams[next++ % upstreams.length];
  client.pause();
  withUpstream(u, (up) => {
    let answer = Buffer.alloc(0);
    let total = -1;
    const onData = (chunk) => {
      answer = answer.length ? Buffer.concat([answer, chunk]) : chunk;
      if (total < 0) {
        const end = answer.indexOf(END);
        if (end < 0) return;
        const length = /\r\ncontent-length: *(\d+)/i.exec(answer.toString('latin1', 0, end));
        total = end + 4 + (length ? Number(length[1]) : 0);
      }
      if (answer.length < total) return;
      up.off('data', onData);
      u.idle.push(up);
      client.write(answer);
      client.resume();
    };
    up.on('data', onData);
    up.write(head);
  });
}

net.createServer({ noDelay: true }, (client) => {
  let pending = Buffer.alloc(0);
  client.on('error', () => client.destroy());
  client.on('data', (chunk) => {
    pending = pending.length ? Buffer.concat([pending, chunk]) : chunk;
    const end = pending.indexOf(END);
    if (end < 0) return;
    const head = pending.subarray(0, end + 4);
    pending = pending.subarray(end + 4);
    relay(client, head);
  });
}).listen(Number(process.env.LISTEN_PORT), process.env.LISTEN_HOST || '127.0.0.1');
