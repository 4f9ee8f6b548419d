// DNS-like actor: UDP (and TCP) servers that answer each query by echoing it, optionally after forwarding it upstream
// first (the pilot-agent stand-in: it asks the configured server from its own socket, as its own uid/gid, and answers
// the client only once the upstream answer came back); and a client that sends one query from a chosen source port on
// a CONNECTED socket and waits for the answer. A connected UDP socket accepts only datagrams from the address it is
// connected to (compute_score in net/ipv4/udp.c), so an answer that comes back from another address (a reply whose
// NAT was not reversed) is never delivered: the client reports a timeout, as the application would.
// Addresses of either family: a UDP socket is udp6 for an IPv6 address and udp4 otherwise (node:dgram makes one
// family per socket); TCP sockets take either.
// argv[2]: {"servers": [{"name", "proto": "udp"|"tcp", "addr", "port", "upstream"?: {"addr", "port"}}]}.
// stdin: {"type":"query", id, proto, dst, dport, sport, timeoutMs?}; stdout: "listening", "served",
// "forwarded" (whether upstream answered), "query-result".
import { createSocket } from 'node:dgram';
import { createServer, isIPv6, Socket } from 'node:net';
import { emit, readCommands } from './lines.mjs';

const { servers = [] } = JSON.parse(process.argv[2] ?? '{}');
const UPSTREAM_TIMEOUT_MS = 1500;

const udpType = (addr) => (isIPv6(addr) ? 'udp6' : 'udp4');

/** Asks upstream over UDP from a fresh socket (the kernel picks the port); calls done(answer | null). */
function askUdp(upstream, payload, done) {
  const s = createSocket(udpType(upstream.addr));
  const timer = setTimeout(() => finish(null), UPSTREAM_TIMEOUT_MS);
  const finish = (answer) => {
    clearTimeout(timer);
    s.close();
    done(answer);
  };
  s.on('error', () => finish(null));
  s.on('message', (msg) => finish(msg));
  s.connect(upstream.port, upstream.addr, () => s.send(payload));
}

/** Asks upstream over TCP (one query per connection, as a DNS client falling back to TCP does). */
function askTcp(upstream, payload, done) {
  const s = new Socket();
  let answered = false;
  const finish = (answer) => {
    if (answered) return;
    answered = true;
    clearTimeout(timer);
    s.destroy();
    done(answer);
  };
  const timer = setTimeout(() => finish(null), UPSTREAM_TIMEOUT_MS);
  s.on('error', () => finish(null));
  s.on('data', (d) => finish(d));
  s.connect({ host: upstream.addr, port: upstream.port }, () => s.write(payload));
}

function serveUdp({ name, addr, port, upstream }) {
  const server = createSocket({ type: udpType(addr), reuseAddr: false });
  server.on('error', (e) => emit({ type: 'listen-error', name, error: `${e.code ?? ''} ${e.message}` }));
  server.on('message', (msg, peer) => {
    const answer = (text) => server.send(text, peer.port, peer.address);
    emit({ type: 'served', name, proto: 'udp', peerAddr: peer.address, peerPort: peer.port });
    if (!upstream) return answer(msg);
    // Like pilot-agent, answer even when upstream fails (it sends SERVFAIL): the client's answer is the agent's.
    askUdp(upstream, msg, (a) => {
      emit({ type: 'forwarded', name, answered: a !== null });
      answer(a ?? msg);
    });
  });
  server.bind(port, addr, () => emit({ type: 'listening', name }));
}

function serveTcp({ name, addr, port, upstream }) {
  const server = createServer((socket) => {
    emit({ type: 'served', name, proto: 'tcp', peerAddr: socket.remoteAddress, peerPort: socket.remotePort });
    socket.on('error', () => {});
    socket.once('data', (msg) => {
      if (!upstream) return socket.end(msg);
      askTcp(upstream, msg, (a) => {
        emit({ type: 'forwarded', name, answered: a !== null });
        socket.end(a ?? msg);
      });
    });
  });
  server.on('error', (e) => emit({ type: 'listen-error', name, error: `${e.code ?? ''} ${e.message}` }));
  server.listen({ host: addr, port, exclusive: true }, () => emit({ type: 'listening', name }));
}

for (const spec of servers) (spec.proto === 'tcp' ? serveTcp : serveUdp)(spec);

function query({ id, proto, dst, dport, sport, timeoutMs = 1000 }) {
  const payload = Buffer.from(`scx-dns ${id}`);
  let reported = false;
  const report = (fields) => {
    if (reported) return;
    reported = true;
    clearTimeout(timer);
    emit({ type: 'query-result', id, ...fields });
  };
  const timer = setTimeout(() => {
    report({ result: 'timeout' });
    close();
  }, timeoutMs);
  let close = () => {};
  if (proto === 'udp') {
    const s = createSocket(udpType(dst));
    close = () => s.close();
    s.on('error', (e) => {
      report({ result: 'error', error: `${e.code ?? ''} ${e.message}` });
      close();
    });
    s.on('message', (msg, from) => {
      report({ result: 'answered', fromAddr: from.address, fromPort: from.port, echo: msg.equals(payload) });
      close();
    });
    s.bind(sport, () => s.connect(dport, dst, () => s.send(payload)));
    return;
  }
  const s = new Socket();
  close = () => s.destroy();
  s.on('error', (e) => {
    report({ result: e.code === 'ECONNREFUSED' ? 'refused' : 'error', error: `${e.code ?? ''} ${e.message}` });
    close();
  });
  s.on('data', (msg) => {
    report({ result: 'answered', fromAddr: s.remoteAddress, fromPort: s.remotePort, echo: msg.equals(payload) });
    close();
  });
  s.connect({ host: dst, port: dport, localPort: sport }, () => s.write(payload));
}

readCommands((command) => {
  if (command.type === 'query') query(command);
  else emit({ type: 'protocol-error', error: `unknown command ${JSON.stringify(command.type)}` });
});
emit({ type: 'ready', pid: process.pid, uid: process.getuid(), gid: process.getgid(), groups: process.getgroups() });
