// A persistent root shell inside one of our namespaces. `ip netns exec` costs ~30 ms per call (it unshares a mount
// namespace and remounts /sys); a command run by this shell is already in the namespace and costs only its own
// fork+exec. Used for the per-hop legacy counter reads, conntrack and ss. Commands are argv arrays built by the
// oracle itself, quoted here; nothing from a caller reaches the shell.
import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { inNetns } from './netns.ts';
import type { ProcessGroup, RunResult } from './proc.ts';

function quote(arg: string): string {
  return /^[A-Za-z0-9_\-.,=:/@%+]+$/.test(arg) ? arg : `'${arg.replaceAll("'", "'\\''")}'`;
}

export class NetnsShell {
  private child: ChildProcess | undefined;
  private buffer = '';
  private readonly marker = `__scx_done_${randomBytes(6).toString('hex')}__`;
  private readonly waiters: Array<(r: { code: number; stdout: string }) => void> = [];

  /**
   * stderrFile receives each command's stderr. Merging it into stdout (2>&1) is wrong: stdout into a pipe is block
   * buffered, so a late stderr line (conntrack's "N flow entries have been shown.") lands in the middle of a line.
   */
  constructor(
    private readonly procs: ProcessGroup,
    private readonly ns: string,
    private readonly stderrFile: string,
  ) {}

  private start(): ChildProcess {
    const [cmd, args] = inNetns(this.ns, '/bin/sh', []);
    const child = this.procs.spawn(cmd, args);
    child.stdout?.setEncoding('utf8');
    child.stdout?.on('data', (chunk: string) => {
      this.buffer += chunk;
      const pattern = new RegExp(`\\n${this.marker} (\\d+)\\n`);
      for (let m = pattern.exec(this.buffer); m; m = pattern.exec(this.buffer)) {
        const stdout = this.buffer.slice(0, m.index);
        this.buffer = this.buffer.slice(m.index + m[0].length);
        this.waiters.shift()?.({ code: Number(m[1]), stdout });
      }
    });
    child.stdin?.on('error', () => {});
    child.on('exit', (code) => {
      for (const w of this.waiters.splice(0)) w({ code: code ?? -1, stdout: '' });
      this.child = undefined;
    });
    this.child = child;
    return child;
  }

  /** Runs argv inside the namespace; rejects with its stderr on a non-zero exit. */
  run(argv: readonly string[]): Promise<RunResult> {
    const child = this.child ?? this.start();
    return new Promise((resolve, reject) => {
      this.waiters.push(({ code, stdout }) => {
        // The command has exited before the marker is printed, so its stderr file is complete.
        const stderr = this.readStderr();
        if (code === 0) resolve({ code, stdout, stderr });
        else reject(new Error(`${argv.join(' ')} in ${this.ns} exited with ${code}: ${stderr.trim()}`));
      });
      const command = `${argv.map(quote).join(' ')} </dev/null 2>${quote(this.stderrFile)}`;
      child.stdin?.write(`${command}; printf '\\n%s %s\\n' ${this.marker} $?\n`);
    });
  }

  private readStderr(): string {
    try {
      return readFileSync(this.stderrFile, 'utf8');
    } catch {
      return '';
    }
  }
}
