// Listener actor: one process per (netns, uid, gid) holding several TCP servers. argv[2] is JSON
// {"listeners": [{"name", "addr", "port"}]}. stdout: {"type":"listening", name} per server (or "listen-error"), then
// {"type":"accept", listener, localAddr, localPort, peerAddr, peerPort} per accepted connection. It also takes the
// client's "dial" commands on stdin: that is how the forwarding Envoy stand-in re-dials the original destination as
// its own uid/gid (the harness reads the original destination from conntrack, which needs root).
import { createServer } from 'node:net';
import { dial } from './dial.mjs';
import { emit, readCommands } from './lines.mjs';

const { listeners } = JSON.parse(process.argv[2] ?? '{"listeners":[]}');

for (const { name, addr, port } of listeners) {
  const server = createServer((socket) => {
    // Read both addresses before anything else: once the peer is gone getpeername() fails.
    emit({
      type: 'accept',
      listener: name,
      localAddr: socket.localAddress,
      localPort: socket.localPort,
      peerAddr: socket.remoteAddress,
      peerPort: socket.remotePort,
    });
    socket.on('error', () => {});
    socket.resume();
    socket.end();
  });
  server.on('error', (error) => emit({ type: 'listen-error', name, error: `${error.code ?? ''} ${error.message}` }));
  // An IPv6 listener is IPv6-only, so 0.0.0.0:P and [::]:P can be two listeners (the fuzzer's pod listens on both).
  const ipv6Only = addr.includes(':');
  server.listen({ host: addr, port, exclusive: true, backlog: 511, ipv6Only }, () => emit({ type: 'listening', name }));
}

readCommands((command) => {
  if (command.type === 'dial') dial(command, emit);
  else emit({ type: 'protocol-error', error: `unknown command ${JSON.stringify(command.type)}` });
});
emit({ type: 'ready', pid: process.pid, uid: process.getuid(), gid: process.getgid(), groups: process.getgroups() });
