// `npm run bench`: nat OUTPUT traversals per second for a mix of connections, side by side in one process with a
// hand-written function that decides the same 9 ISTIO_OUTPUT rules directly and records the same hits and NAT effects
// (copied from a table, so both sides do the same bookkeeping). Two model paths are timed, as the CLI runs them:
// `check` and `diff` split packet classes with the reference interpreter reporting every rule test (onRule; the
// partition, model/classes/explore.ts), and simulate the other connections of a class with the compiled table
// programs. The ratio is taken per paired round (model then hand-written, one after the other), then the median.
// Goals (issue 14): at least 1,000,000 traversals/s, and the path check uses within 2x of the hand-written function.
// A benchmark, not a test: machines here are shared, so only measurements taken side by side mean anything.

import {
  builtinChain,
  compiledTable,
  compileRuleset,
  type NatEffect,
  type Packet,
  PROTO_TCP,
  type RuleHit,
  traverseChain,
  type WorkingPacket,
} from '../model/kernel/index.ts';
import { type Addr, cidrContains, parseAddr, parseCidr } from '../model/net/index.ts';
import { makeWorld, podHost } from '../model/pod/index.ts';
import { findProfile, profileRuleset } from '../model/profiles/index.ts';

const profile = findProfile('istio-1.10')!;
const world = makeWorld({ rulesets: { ipv4: profileRuleset(profile) }, envoy: profile.envoy });
const natOutput = builtinChain(compiledTable(compileRuleset(profileRuleset(profile)), 'nat')!, 'OUTPUT')!;
const host = podHost(world);

const pod = parseAddr('10.250.0.2');
function packet(uid: number, gid: number, src: string, dst: string, dport: number): Packet {
  const d = parseAddr(dst);
  const local = d.words[0]! >>> 24 === 127 || d.words[0] === pod.words[0];
  return {
    family: 'ipv4',
    protocol: PROTO_TCP,
    src: parseAddr(src),
    dst: d,
    sport: 40000,
    dport,
    inIface: null,
    outIface: local ? 'lo' : 'eth0',
    owner: { uid, gid },
    mark: 0,
    ctmark: 0,
    ctstate: 'NEW',
    firstPacket: true,
  };
}

// The hops of the six traffic types plus the identities of the kernel observations' X-series (oracle/OBSERVATIONS.md).
const MIX: readonly Packet[] = [
  packet(1000, 1000, '10.250.0.2', '10.250.0.3', 8080), // app to remote: rule 9
  packet(1337, 1337, '10.250.0.2', '10.250.0.3', 8080), // Envoy upstream: rule 4
  packet(1337, 1337, '127.0.0.6', '10.250.0.2', 8080), // Envoy inbound upstream: rule 1
  packet(1337, 1337, '10.250.0.2', '10.250.0.2', 8080), // Envoy to own pod IP: rule 2
  packet(1000, 1000, '127.0.0.1', '127.0.0.1', 8080), // app to localhost: rule 3
  packet(1337, 1337, '127.0.0.1', '127.0.0.1', 15000), // Envoy to admin: rule 4
  packet(1000, 1337, '10.250.0.2', '10.250.0.3', 8080), // gid 1337 only: rule 7
  packet(1337, 1000, '10.250.0.2', '10.251.0.20', 15012), // uid 1337 only: rule 4
];

/** The classic 9 rules, decided by hand: returns the 1-based rule number that decides the packet. */
const LOOPBACK_SRC = parseCidr('127.0.0.6/32');
const LOCALHOST = parseCidr('127.0.0.1/32');
function handWritten(p: Packet): number {
  const lo = p.outIface === 'lo';
  const owner = p.owner;
  const toLocalhost = cidrContains(LOCALHOST, p.dst as Addr);
  if (lo && cidrContains(LOOPBACK_SRC, p.src)) return 1;
  if (lo && !toLocalhost && owner !== null && owner.uid === 1337) return 2;
  if (lo && (owner === null || owner.uid !== 1337)) return 3;
  if (owner !== null && owner.uid === 1337) return 4;
  if (lo && !toLocalhost && owner !== null && owner.gid === 1337) return 5;
  if (lo && (owner === null || owner.gid !== 1337)) return 6;
  if (owner !== null && owner.gid === 1337) return 7;
  if (toLocalhost) return 8;
  return 9;
}

// The traversal records every hit and NAT effect, as in a real trace; it leaves the packet alone unless a MARK rule
// changes it (none here), so the mix is passed as is.
const WORKING: readonly WorkingPacket[] = MIX.map((p) => ({ ...p }));
/** The partition's path: the interpreter, with an observer of every rule test (explore.ts narrows a class there). */
let tests = 0;
const observed: typeof host = {
  ...host,
  onRule: () => {
    tests++;
  },
};

function runModel(n: number, view: typeof host): number {
  let sink = 0;
  for (let i = 0; i < n; i++) {
    const hits: RuleHit[] = [];
    const effects: NatEffect[] = [];
    traverseChain(natOutput, WORKING[i % WORKING.length]!, view, hits, effects);
    sink += hits.length + effects.length;
  }
  return sink;
}

// What the model records for each packet of the mix: the hand-written function records the same, so both sides do
// the same bookkeeping (checked below to decide the same rule first).
const RECORDED = MIX.map((p) => {
  const hits: RuleHit[] = [];
  const effects: NatEffect[] = [];
  traverseChain(natOutput, { ...p }, host, hits, effects);
  return { hits, effects };
});
const BY_RULE = new Map<number, { hits: RuleHit[]; effects: NatEffect[] }>();
for (const [i, p] of MIX.entries()) BY_RULE.set(handWritten(p), RECORDED[i]!);

function runHand(n: number): number {
  let sink = 0;
  for (let i = 0; i < n; i++) {
    const hits: RuleHit[] = [];
    const effects: NatEffect[] = [];
    const recorded = BY_RULE.get(handWritten(MIX[i % MIX.length]!))!;
    for (const h of recorded.hits) hits.push(h);
    for (const e of recorded.effects) effects.push(e);
    sink += hits.length + effects.length;
  }
  return sink;
}

// Both must decide the same rule for every packet of the mix, or the comparison means nothing.
for (const [i, p] of MIX.entries()) {
  const decided = RECORDED[i]!.hits.filter((h) => h.chain === 'ISTIO_OUTPUT' && h.kind === 'rule').at(-1)?.index;
  if (decided !== handWritten(p)) throw new Error(`model decides rule ${decided}, hand-written ${handWritten(p)}`);
}

function rate(run: (n: number) => number, n: number): number {
  const t0 = process.hrtime.bigint();
  run(n);
  return n / (Number(process.hrtime.bigint() - t0) / 1e9);
}

const N = Number(process.argv[2] ?? 2_000_000);
const compiled = (n: number) => runModel(n, host);
const interpreted = (n: number) => runModel(n, observed);
compiled(200_000);
interpreted(200_000);
runHand(200_000);
const rates = { compiled: [] as number[], interpreted: [] as number[], hand: [] as number[] };
const ratios = { compiled: [] as number[], interpreted: [] as number[] };
// Paired rounds, so each ratio compares two measurements taken under the same machine load.
for (let round = 0; round < 5; round++) {
  for (const [name, run] of [
    ['compiled', compiled],
    ['interpreted', interpreted],
  ] as const) {
    const m = rate(run, N);
    const h = rate(runHand, N);
    rates[name].push(m);
    rates.hand.push(h);
    ratios[name].push(h / m);
  }
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const fmt = (x: number) => `${(x / 1e6).toFixed(2)}M/s`;
process.stdout.write(
  `nat OUTPUT traversals (istio-1.10, ${MIX.length}-packet mix, median of 5 paired rounds of ${N}; ${tests} rule tests observed):\n`,
);
const row = (label: string, name: 'compiled' | 'interpreted', goal: number) => {
  const m = median(rates[name]);
  const r = median(ratios[name]);
  process.stdout.write(
    `  ${label.padEnd(44)} ${fmt(m).padStart(9)}  hand/model ${r.toFixed(2)}x  goal <= ${goal}x: ${r <= goal ? 'met' : 'MISSED'}\n`,
  );
};
row('interpreter + rule observer (class partition)', 'interpreted', 2);
row('compiled table programs (other simulations)', 'compiled', 2);
process.stdout.write(`  ${'hand-written, same hits recorded'.padEnd(44)} ${fmt(median(rates.hand)).padStart(9)}\n`);
