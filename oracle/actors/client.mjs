// Client actor: a persistent process per (netns, uid, gid). stdin: {"type":"dial", id, dst, dport, src?, sport?,
// timeoutMs?} per line; stdout: {"type":"ready"} once, then one {"type":"dial-result", ...} per dial.
import { dial } from './dial.mjs';
import { emit, readCommands } from './lines.mjs';

readCommands((command) => {
  if (command.type === 'dial') dial(command, emit);
  else emit({ type: 'protocol-error', error: `unknown command ${JSON.stringify(command.type)}` });
});
emit({ type: 'ready', pid: process.pid, uid: process.getuid(), gid: process.getgid(), groups: process.getgroups() });
