// `npm run bench`: ISTIO_OUTPUT traversals per second for a mix of connections, run side by side in one process with
// a hand-written function that decides the same 9 rules directly. Prints both rates and their ratio; the goal is at
// least 1,000,000 traversals/s and within 3x of the hand-written function. A benchmark, not a test: machines here
// are shared, so only the ratio of two measurements taken side by side means anything.

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
function runModel(n: number): number {
  let sink = 0;
  for (let i = 0; i < n; i++) {
    const hits: RuleHit[] = [];
    const effects: NatEffect[] = [];
    traverseChain(natOutput, WORKING[i % WORKING.length]!, host, hits, effects);
    sink += hits.length + effects.length;
  }
  return sink;
}

function runHand(n: number): number {
  let sink = 0;
  for (let i = 0; i < n; i++) sink += handWritten(MIX[i % MIX.length]!);
  return sink;
}

// Both must decide the same rule for every packet of the mix, or the comparison means nothing.
for (const p of MIX) {
  const hits: RuleHit[] = [];
  traverseChain(natOutput, { ...p }, host, hits, []);
  const decided = hits.filter((h) => h.chain === 'ISTIO_OUTPUT' && h.kind === 'rule').at(-1)?.index;
  if (decided !== handWritten(p)) throw new Error(`model decides rule ${decided}, hand-written ${handWritten(p)}`);
}

function rate(run: (n: number) => number, n: number): number {
  const t0 = process.hrtime.bigint();
  run(n);
  return n / (Number(process.hrtime.bigint() - t0) / 1e9);
}

const N = Number(process.argv[2] ?? 2_000_000);
runModel(200_000);
runHand(200_000);
const model: number[] = [];
const hand: number[] = [];
// Interleaved rounds, so both see the same machine load; the median of each is reported.
for (let round = 0; round < 5; round++) {
  model.push(rate(runModel, N));
  hand.push(rate(runHand, N));
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const m = median(model);
const h = median(hand);
const fmt = (x: number) => `${(x / 1e6).toFixed(2)}M/s`;
process.stdout.write(
  `ISTIO_OUTPUT traversals (istio-1.10, nat OUTPUT hook, ${MIX.length}-packet mix, median of 5 rounds of ${N}):\n`,
);
process.stdout.write(`  model (compiled ruleset):  ${fmt(m)}   goal >= 1.00M/s: ${m >= 1e6 ? 'met' : 'MISSED'}\n`);
process.stdout.write(`  hand-written 9-rule check: ${fmt(h)}\n`);
process.stdout.write(`  ratio hand/model: ${(h / m).toFixed(2)}x   goal <= 3x: ${h / m <= 3 ? 'met' : 'MISSED'}\n`);
