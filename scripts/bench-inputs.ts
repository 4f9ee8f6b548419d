// `npm run bench:inputs`: wall time, CPU time and peak memory (GNU time's %e, %U+%S, %M) of `check` on the hostile
// inputs of issue 18, beside a small real dump, through the bundled CLI (`SIDECAR_CHAINS_COMPILED=1`). Each row also
// shows the exit status and how much the command wrote to stderr: a bounded report is a few kilobytes whatever the
// input. The inputs are made in a temporary folder and removed afterwards. Never a test: timings are measured here.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { profileNamed } from '../model/profiles/index.ts';

const ROOT = join(import.meta.dirname, '..');
const BIN = join(ROOT, 'bin', 'sidecar-chains.js');
const MB = 1024 * 1024;

if (!existsSync('/usr/bin/time')) {
  process.stderr.write('bench:inputs needs /usr/bin/time (GNU time) to read wall time, CPU time and peak memory\n');
  process.exit(2);
}
execFileSync('npm', ['run', 'build'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });

const dir = mkdtempSync(join(tmpdir(), 'sidecar-chains-bench-inputs-'));
const nat = (...lines: string[]) =>
  `*nat\n:PREROUTING ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\n${lines.join('\n')}\nCOMMIT\n`;

/** Repeats `line` until the text reaches `bytes`. */
function upTo(bytes: number, line: string): string {
  return line.repeat(Math.ceil(bytes / line.length));
}

const CASES: readonly { name: string; make: () => string | Buffer }[] = [
  { name: 'small: istio-1.25 as a file', make: () => profileNamed('istio-1.25').rulesText },
  {
    name: '1,000 rules in an unreferenced chain',
    make: () =>
      nat(
        ':UNUSED - [0:0]',
        ...Array.from(
          { length: 1000 },
          (_, i) => `-A UNUSED -d 10.${i >> 8}.${i & 255}.1/32 -p tcp --dport ${1000 + i} -j RETURN`,
        ),
      ),
  },
  {
    name: '50,000 malformed lines (50k errors)',
    make: () => nat(...Array.from({ length: 50_000 }, (_, i) => `-A OUTPUT -p tcp --dport x${i} -j RETURN`)),
  },
  { name: "one 10 MB line of '-p tcp'", make: () => nat(`-A OUTPUT${upTo(10 * MB, ' -p tcp')} -j RETURN`) },
  { name: "14,000 '!' on one rule (was RangeError)", make: () => nat(`-A OUTPUT${' !'.repeat(14_000)} -j RETURN`) },
  {
    name: '100 MB of rules (over 50,000)',
    make: () => nat(upTo(100 * MB, '-A OUTPUT -p tcp -m tcp --dport 8080 -j RETURN\n')),
  },
  {
    name: '100 MB of random bytes',
    make: () => {
      // A fixed linear congruential sequence: the same bytes every run.
      const b = Buffer.alloc(100 * MB);
      let x = 12345;
      for (let i = 0; i < b.length; i++) {
        x = (x * 1103515245 + 12345) >>> 0;
        b[i] = x >>> 24;
      }
      return b;
    },
  },
];

interface Row {
  readonly name: string;
  readonly size: number;
  readonly status: number | null;
  readonly wall: number;
  readonly cpu: number;
  readonly rssMb: number;
  readonly stderrBytes: number;
}

function measure(name: string, file: string): Row {
  const r = spawnSync('/usr/bin/time', ['-f', 'TIME %e %U %S %M', process.execPath, BIN, 'check', file], {
    cwd: ROOT,
    env: { ...process.env, SIDECAR_CHAINS_COMPILED: '1' },
    maxBuffer: 1 << 30,
  });
  const stderr = r.stderr.toString('utf8');
  const timeLine = stderr.split('\n').findLast((l) => l.startsWith('TIME ')) ?? 'TIME NaN NaN NaN NaN';
  const [wall, user, sys, rss] = timeLine.slice(5).split(' ').map(Number);
  const own = stderr.slice(0, stderr.lastIndexOf('TIME ')).replace(/Command exited with non-zero status \d+\n$/, '');
  return {
    name,
    size: statSync(file).size,
    status: r.status,
    wall: wall!,
    cpu: user! + sys!,
    rssMb: rss! / 1024,
    stderrBytes: Buffer.byteLength(own),
  };
}

try {
  const rows: Row[] = [];
  for (const c of CASES) {
    const file = join(dir, 'input.rules');
    writeFileSync(file, c.make());
    rows.push(measure(c.name, file));
    rmSync(file);
  }
  const size = (b: number) => (b >= MB ? `${(b / MB).toFixed(1)} MB` : `${(b / 1024).toFixed(1)} KB`);
  process.stdout.write(
    `check FILE, bundled CLI (node ${process.version}); exit 70 or a crash would be a bug\n` +
      `${'input'.padEnd(42)} ${'size'.padStart(9)} exit ${'wall s'.padStart(7)} ${'CPU s'.padStart(6)} ${'peak MB'.padStart(8)} ${'stderr'.padStart(9)}\n`,
  );
  for (const r of rows) {
    process.stdout.write(
      `${r.name.padEnd(42)} ${size(r.size).padStart(9)} ${String(r.status).padStart(4)} ${r.wall.toFixed(2).padStart(7)} ${r.cpu.toFixed(2).padStart(6)} ${r.rssMb.toFixed(0).padStart(8)} ${size(r.stderrBytes).padStart(9)}\n`,
    );
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
