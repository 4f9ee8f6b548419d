// One hop = one fresh TCP connection from this process (so from its uid/gid, which is what `-m owner` matches).
// The harness chooses the source port: a port used once per session keeps every conntrack tuple unique, see
// oracle/ports.ts for why the kernel's own ephemeral choice is not good enough here.
import { Socket } from 'node:net';

/** How long a connected socket may stay open waiting for the listener to close it first. */
const LINGER_MS = 5000;

/**
 * Dials {dst, dport} from {src, sport} and reports exactly once with `report({type: 'dial-result', id, result, ...})`.
 * result: 'connected' | 'refused' | 'timeout' | 'error'.
 */
export function dial(command, report) {
  const { id, dst, dport, src, sport, timeoutMs = 2000 } = command;
  const socket = new Socket();
  let reported = false;
  const finish = (fields) => {
    if (reported) return;
    reported = true;
    clearTimeout(timer);
    report({ type: 'dial-result', id, ...fields });
  };
  // Timers run before I/O in Node's event loop: after a stall (a loaded machine) the timer and an already completed
  // connect are both due, and the timer alone would call a connected socket a timeout. setImmediate runs after the
  // poll phase, so a connect (or an error) that is already there wins.
  const timer = setTimeout(
    () =>
      setImmediate(() => {
        if (reported) return;
        finish({ result: 'timeout', localAddr: src, localPort: sport });
        socket.destroy();
      }),
    timeoutMs,
  );
  socket.on('connect', () => {
    finish({ result: 'connected', localAddr: socket.localAddress, localPort: socket.localPort });
    // The listener closes first (it ends the socket right after accepting), so the TIME_WAIT state stays on the
    // listener's side and this source port is never blocked for a later bind.
    const linger = setTimeout(() => socket.destroy(), LINGER_MS);
    socket.on('close', () => clearTimeout(linger));
  });
  socket.on('end', () => socket.end());
  socket.on('error', (error) => {
    const code = error.code ?? 'UNKNOWN';
    finish({
      result: code === 'ECONNREFUSED' ? 'refused' : 'error',
      error: `${code}: ${error.message}`,
      localAddr: src,
      localPort: sport,
    });
    socket.destroy();
  });
  socket.resume();
  const options = { host: dst, port: dport, family: dst.includes(':') ? 6 : 4 };
  if (src !== undefined) options.localAddress = src;
  if (sport !== undefined) options.localPort = sport;
  socket.connect(options);
}
