// `npm run bench:scale`: how `check` over packet classes scales with what users' dumps carry (issue 14, "Speed and
// scale"): istio-1.25 plus 1,000 and 5,000 ISTIO_OUTPUT exclusion CIDRs (`-d C -j RETURN`, as istio-iptables -x
// writes them), plus 5,000 CIDRs and 5,000 inbound ports (`-b`), plus a 2,000-rule filter chain nothing jumps to, and
// the dead-rule lint on and off. Each case runs in its own child process (this file with `--case NAME`), which prints
// its class count, the CPU time of the check alone (module loading and parsing excluded) and its peak RSS
// (process.resourceUsage().maxRSS). The cases run in paired rounds and each is reported as a ratio to the default
// profile's time in the same round, so a loaded machine slows both sides alike. Goals from the issue: 5,000 CIDRs plus
// 5,000 ports in under 2 s and 300 MB; the unreferenced chain adds under 10%; the lint costs under 20% on top of the
// check. A case over BENCH_SCALE_TIMEOUT seconds (default 120) is reported as such. Never a test.
import { spawnSync } from 'node:child_process';
import { checkWorld } from '../model/invariants/index.ts';
import { makeWorld } from '../model/pod/index.ts';
import { profileNamed } from '../model/profiles/index.ts';
import { parseDumpOrThrow } from '../model/rules/index.ts';

const BASE = profileNamed('istio-1.25').rulesText;
const FINAL_OUTPUT_RULE = '-A ISTIO_OUTPUT -j ISTIO_REDIRECT';
const INBOUND_CATCH_ALL = '-A ISTIO_INBOUND -p tcp -j ISTIO_IN_REDIRECT';

/** n distinct /24s of 100.64.0.0/10, which nothing else in the pod world names. */
const cidrs = (n: number) => Array.from({ length: n }, (_, i) => `100.${64 + (i >> 8)}.${i & 255}.0/24`);

/** istio-iptables -x: one RETURN per CIDR before the final jump to ISTIO_REDIRECT. */
function withExclusions(text: string, n: number): string {
  const lines = cidrs(n).map((c) => `-A ISTIO_OUTPUT -d ${c} -j RETURN`);
  return text.replace(FINAL_OUTPUT_RULE, [...lines, FINAL_OUTPUT_RULE].join('\n'));
}

/** istio-iptables -b P1,P2,...: one redirect per port instead of the catch-all. */
function withInboundPorts(text: string, n: number): string {
  const lines = Array.from(
    { length: n },
    (_, i) => `-A ISTIO_INBOUND -p tcp -m tcp --dport ${20000 + i} -j ISTIO_IN_REDIRECT`,
  );
  return text.replace(INBOUND_CATCH_ALL, lines.join('\n'));
}

/** A filter table with a chain no built-in chain jumps to (kube-proxy leftovers, hand-made chains). */
function withUnreferencedChain(text: string, n: number): string {
  const rules = Array.from(
    { length: n },
    (_, i) => `-A UNUSED -s 10.${i >> 8}.${i & 255}.0/24 -p tcp -m tcp --dport ${1000 + i} -j DROP`,
  );
  return `${text}*filter\n:INPUT ACCEPT [0:0]\n:FORWARD ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\n:UNUSED - [0:0]\n${rules.join('\n')}\nCOMMIT\n`;
}

interface Case {
  readonly name: string;
  readonly rules: () => string;
  readonly lint: boolean;
}

const CASES: readonly Case[] = [
  { name: 'istio-1.25', rules: () => BASE, lint: true },
  { name: 'istio-1.25, lint off', rules: () => BASE, lint: false },
  { name: '+ 2,000-rule unreferenced filter chain', rules: () => withUnreferencedChain(BASE, 2000), lint: true },
  { name: '+ 1,000 exclusion CIDRs', rules: () => withExclusions(BASE, 1000), lint: true },
  { name: '+ 1,000 exclusion CIDRs, lint off', rules: () => withExclusions(BASE, 1000), lint: false },
  { name: '+ 5,000 exclusion CIDRs', rules: () => withExclusions(BASE, 5000), lint: true },
  {
    name: '+ 5,000 CIDRs + 5,000 inbound ports',
    rules: () => withInboundPorts(withExclusions(BASE, 5000), 5000),
    lint: true,
  },
];

interface Measured {
  readonly classes: number;
  readonly basis: string;
  readonly cpuMs: number;
  readonly rssMb: number;
}

/** Child: one case, measured in this process. */
function runCase(c: Case): Measured {
  const rs = parseDumpOrThrow(c.rules()).rulesets[0]!;
  const world = makeWorld({ rulesets: { ipv4: rs }, envoy: profileNamed('istio-1.25').envoy });
  const t = process.cpuUsage();
  const report = checkWorld(world, { family: 'ipv4', lint: c.lint });
  const d = process.cpuUsage(t);
  const b = report.basis;
  return {
    classes: b.kind === 'domain' ? 0 : b.classes,
    basis: b.kind,
    cpuMs: (d.user + d.system) / 1000,
    rssMb: process.resourceUsage().maxRSS / 1024,
  };
}

const at = process.argv.indexOf('--case');
if (at >= 0) {
  const c = CASES.find((x) => x.name === process.argv[at + 1]);
  if (!c) throw new Error(`no case ${process.argv[at + 1]}`);
  process.stdout.write(`${JSON.stringify(runCase(c))}\n`);
} else {
  const rounds = Number(process.env.BENCH_ROUNDS ?? 3);
  const timeout = Number(process.env.BENCH_SCALE_TIMEOUT ?? 120) * 1000;
  const measure = (c: Case): Measured | null => {
    const r = spawnSync(process.execPath, [...process.execArgv, import.meta.filename, '--case', c.name], {
      encoding: 'utf8',
      timeout,
      maxBuffer: 1 << 20,
    });
    if (r.status !== 0) return null;
    return JSON.parse(r.stdout.trim().split('\n').at(-1)!) as Measured;
  };
  const results = new Map<string, (Measured | null)[]>(CASES.map((c) => [c.name, []]));
  for (let round = 0; round < rounds; round++) for (const c of CASES) results.get(c.name)!.push(measure(c));
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  const base = results.get(CASES[0]!.name)!;
  process.stdout.write(
    `check over packet classes, ${rounds} paired rounds; CPU of the check alone (median), ratio to istio-1.25 in the same round\n`,
  );
  process.stdout.write(
    `${'case'.padEnd(40)} ${'classes'.padStart(8)} ${'CPU s'.padStart(7)} ${'ratio'.padStart(7)} ${'peak MB'.padStart(8)}\n`,
  );
  for (const c of CASES) {
    const runs = results.get(c.name)!;
    const ok = runs.every((r) => r !== null);
    if (!ok) {
      process.stdout.write(`${c.name.padEnd(40)} failed or over ${timeout / 1000} s\n`);
      continue;
    }
    const ms = runs.map((r) => r!.cpuMs);
    const ratios = runs.map((r, i) => r!.cpuMs / base[i]!.cpuMs);
    const last = runs.at(-1)!;
    const classes = last.basis === 'proved' ? String(last.classes) : `${last.classes} (${last.basis})`;
    process.stdout.write(
      `${c.name.padEnd(40)} ${classes.padStart(8)} ${(median(ms) / 1000).toFixed(2).padStart(7)} ${`${median(ratios).toFixed(2)}x`.padStart(7)} ${Math.max(
        ...runs.map((r) => r!.rssMb),
      )
        .toFixed(0)
        .padStart(8)}\n`,
    );
  }
}
