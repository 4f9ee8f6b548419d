// `npm run bench:diff`: CPU time of `diff` on profile pairs beside `check` on one profile, over packet classes and
// over the enumerated domain (the old path, kept as the test oracle), in paired rounds (one of each per round, the
// ratio taken per round, then the median), so a loaded machine slows both sides alike. Never a test.
import { diffWorlds } from '../model/classes/index.ts';
import { checkWorld } from '../model/invariants/index.ts';
import { makeWorld, type World } from '../model/pod/index.ts';
import { profileNamed, profileRuleset } from '../model/profiles/index.ts';

const ROUNDS = Number(process.env.ROUNDS ?? 5);

function world(name: string): World {
  const p = profileNamed(name as Parameters<typeof profileNamed>[0]);
  return makeWorld({ rulesets: { ipv4: profileRuleset(p) }, envoy: p.envoy });
}

/** CPU milliseconds (user + system) of one call. */
function cpu(f: () => unknown): number {
  const t = process.cpuUsage();
  f();
  const d = process.cpuUsage(t);
  return (d.user + d.system) / 1000;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

const w = {
  '1.10': world('istio-1.10'),
  '1.11': world('istio-1.11'),
  '1.14': world('istio-1.14'),
  '1.18': world('istio-1.18'),
};
const work = {
  'check istio-1.18 over classes': () => checkWorld(w['1.18']),
  'check istio-1.18 over the domain': () => checkWorld(w['1.18'], { over: 'domain' }),
  'diff istio-1.10 istio-1.11': () => diffWorlds(w['1.10'], w['1.11'], 'ipv4'),
  'diff istio-1.14 istio-1.18': () => diffWorlds(w['1.14'], w['1.18'], 'ipv4'),
} as const;
type Name = keyof typeof work;
const names = Object.keys(work) as Name[];
for (const n of names) work[n](); // warm-up: module loading and JIT out of the figures
const times: Record<Name, number[]> = Object.fromEntries(names.map((n) => [n, []])) as never;
const ratios: Record<Name, number[]> = Object.fromEntries(names.map((n) => [n, []])) as never;
for (let r = 0; r < ROUNDS; r++) {
  const round = Object.fromEntries(names.map((n) => [n, cpu(work[n])])) as Record<Name, number>;
  for (const n of names) {
    times[n].push(round[n]);
    ratios[n].push(round[n] / round['check istio-1.18 over classes']);
  }
}
process.stdout.write(`${ROUNDS} paired rounds, CPU ms (median), ratio to check over classes (median per round)\n`);
for (const n of names) {
  process.stdout.write(
    `${n.padEnd(36)} ${median(times[n]).toFixed(0).padStart(7)} ms  ${median(ratios[n]).toFixed(2)}x\n`,
  );
}
