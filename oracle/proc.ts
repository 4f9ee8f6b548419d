// Every process the oracle starts goes through a ProcessGroup, so cleanup ends exactly those, by PID, and the tests
// can prove none survived. Liveness compares /proc/<pid>/stat start times, so a recycled PID never counts as ours.
import { type ChildProcess, type SpawnOptions, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';

interface StartedProcess {
  readonly pid: number;
  readonly startTime: string | undefined;
  readonly command: string;
}

const everStarted: StartedProcess[] = [];

/** Field 22 (starttime) of /proc/<pid>/stat, and the state letter; undefined when the process is gone. */
function procStat(pid: number): { state: string; startTime: string } | undefined {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined;
  }
  // The command name (field 2) may contain spaces; everything after its closing parenthesis is space-separated.
  const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
  const state = fields[0];
  const startTime = fields[19];
  return state !== undefined && startTime !== undefined ? { state, startTime } : undefined;
}

function isStartedAlive(p: StartedProcess): boolean {
  const stat = procStat(p.pid);
  return stat !== undefined && stat.state !== 'Z' && stat.state !== 'X' && stat.startTime === p.startTime;
}

/** Every process this module started in this Node process, with whether it is still alive. */
export function startedProcesses(): Array<{ pid: number; command: string; alive: boolean }> {
  return everStarted.map((p) => ({ pid: p.pid, command: p.command, alive: isStartedAlive(p) }));
}

export interface RunResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

export class ProcessGroup {
  private readonly live = new Map<number, { child: ChildProcess; started: StartedProcess }>();

  /** Starts a process with a clean environment (no NODE_OPTIONS or loaders leak into actors). */
  spawn(command: string, args: readonly string[], options: SpawnOptions = {}): ChildProcess {
    const child = spawn(command, args, {
      stdio: ['pipe', 'pipe', 'pipe'],
      env: { PATH: '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin', LC_ALL: 'C' },
      cwd: '/',
      ...options,
    });
    const pid = child.pid;
    if (pid === undefined) {
      // spawn failures (ENOENT) are reported through 'error'; make them visible to callers that await 'exit'.
      return child;
    }
    const started = { pid, startTime: procStat(pid)?.startTime, command: [command, ...args].join(' ') };
    everStarted.push(started);
    this.live.set(pid, { child, started });
    child.on('exit', () => this.live.delete(pid));
    return child;
  }

  /** Runs a command to completion; rejects on a non-zero exit unless allowFailure. */
  run(
    command: string,
    args: readonly string[],
    options: { input?: string; allowFailure?: boolean; timeoutMs?: number } = {},
  ): Promise<RunResult> {
    return new Promise((resolve, reject) => {
      const child = this.spawn(command, args);
      const out: Buffer[] = [];
      const err: Buffer[] = [];
      child.stdout?.on('data', (d: Buffer) => out.push(d));
      child.stderr?.on('data', (d: Buffer) => err.push(d));
      const timer = setTimeout(() => {
        child.kill('SIGKILL');
      }, options.timeoutMs ?? 30_000);
      child.on('error', (e) => {
        clearTimeout(timer);
        reject(new Error(`${command} ${args.join(' ')}: ${e.message}`));
      });
      child.on('close', (code) => {
        clearTimeout(timer);
        const result = { code, stdout: Buffer.concat(out).toString(), stderr: Buffer.concat(err).toString() };
        if (code !== 0 && !options.allowFailure) {
          reject(new Error(`${command} ${args.join(' ')} exited with ${code}: ${result.stderr.trim()}`));
        } else resolve(result);
      });
      child.stdin?.on('error', () => {});
      child.stdin?.end(options.input ?? '');
    });
  }

  /** Closes stdin (actors exit on EOF), then SIGTERM, then SIGKILL for whatever is left after graceMs. */
  async stopAll(graceMs = 1000): Promise<void> {
    const entries = [...this.live.values()];
    if (entries.length === 0) return;
    const exited = entries.map(
      ({ child }) =>
        new Promise<void>((resolve) => {
          if (child.exitCode !== null || child.signalCode !== null) resolve();
          else child.once('exit', () => resolve());
        }),
    );
    for (const { child } of entries) child.stdin?.end();
    for (const { started } of entries) signal(started, 'SIGTERM');
    const all = Promise.all(exited);
    const timedOut = await Promise.race([all.then(() => false), delay(graceMs).then(() => true)]);
    if (timedOut) {
      for (const { started } of entries) signal(started, 'SIGKILL');
      await Promise.race([all, delay(graceMs)]);
    }
  }

  /** For signal and exit handlers: no awaiting possible, so SIGKILL at once. */
  killAllSync(): void {
    for (const { started } of this.live.values()) signal(started, 'SIGKILL');
  }

  livePids(): number[] {
    return [...this.live.keys()];
  }
}

function signal(p: StartedProcess, sig: NodeJS.Signals): void {
  if (!isStartedAlive(p)) return;
  try {
    process.kill(p.pid, sig);
  } catch {
    // Already gone between the check and the kill.
  }
}

export function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
