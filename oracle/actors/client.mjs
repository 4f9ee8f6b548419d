// Client actor: a persistent process per (netns, uid, gid). stdin: {"type":"dial", id, dst, dport, src?, sport?,
// timeoutMs?} per line; stdout: {"type":"ready"} once, then one {"type":"dial-result", ...} per dial.
import { createSocket } from 'node:dgram';
import { dial } from './dial.mjs';
import { emit, readCommands } from './lines.mjs';

/** One UDP datagram from sport to dst:dport (the kernel fuzzer's sync marker), reported once sent. */
function sendDatagram({ id, dst, dport, sport }) {
  const socket = createSocket({ type: dst.includes(':') ? 'udp6' : 'udp4', reuseAddr: true });
  const done = (error) => {
    emit({ type: 'udp-sent', id, ...(error ? { error: String(error) } : {}) });
    socket.close();
  };
  socket.on('error', done);
  socket.bind(sport, () => socket.send(Buffer.from(`scx-sync ${id}`), dport, dst, (e) => done(e ?? undefined)));
}

readCommands((command) => {
  if (command.type === 'dial') dial(command, emit);
  else if (command.type === 'udp') sendDatagram(command);
  else emit({ type: 'protocol-error', error: `unknown command ${JSON.stringify(command.type)}` });
});
emit({ type: 'ready', pid: process.pid, uid: process.getuid(), gid: process.getgid(), groups: process.getgroups() });
