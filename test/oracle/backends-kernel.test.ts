// The kernel's word on the iptables-vs-nftables differences (oracle/backends-kernel.ts): IPv6 hops planned for an
// IPv6 session, an untracked connection read as "not redirected" and nothing more, and two differences (one outbound,
// one inbound) replayed on the kernel on both backends, which must say what generated/backends.json records and leave
// nothing behind. The
// expected addresses and listeners are read off the trace pairs in generated/backends.md by hand.
import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { diffWorlds, storyKey } from '../../model/classes/index.ts';
import type { Trace } from '../../model/trace/index.ts';
import { compareHop } from '../../oracle/compare.ts';
import {
  backendPair,
  confirmOnKernel,
  hopLine,
  kernelTarget,
  listOurNamespaces,
  oracleAvailability,
  readBackendsFile,
  readConfigFile,
  startedProcesses,
} from '../../oracle/index.ts';
import { oracleListeners, type PlannedHop, planReplay } from '../../oracle/replay-trace.ts';
import { NFT_GOLDEN_DIR } from '../nft/fixtures.ts';

const CONFIG_DIR = resolve(NFT_GOLDEN_DIR, '../configs');
const ROOT = join(import.meta.dirname, '..', '..');
const pairOf = (name: string) => backendPair(name, readConfigFile(CONFIG_DIR, name));
const ipv6Groups = (name: string) => {
  const pair = pairOf(name);
  return { pair, groups: diffWorlds(pair.iptables, pair.nft, 'ipv6', undefined, storyKey).groups };
};

const kubeVirt = ipv6Groups('kube-virt-interfaces');
const inboundInclude = ipv6Groups('inbound-ports-include');

function planned(trace: Trace, family: 'ipv4' | 'ipv6', world = kubeVirt.pair.nft): readonly PlannedHop[] {
  const plan = planReplay(
    { listeners: oracleListeners(world, family), inboundSourceMatters: false, family },
    'x',
    trace,
  );
  if (!plan.ok) throw new Error(plan.reason);
  return plan.hops;
}

describe('IPv6 replays of a difference (no kernel needed)', () => {
  it("an IPv6 session listens on the model's ports at :: and ::1, the remote's stand-ins on ::", () => {
    const specs = oracleListeners(kubeVirt.pair.nft, 'ipv6').specs;
    const at = (name: string) => specs.find((s) => s.name === name);
    expect(at('envoy-outbound')).toMatchObject({ where: 'pod', addr: '::', port: 15001, uid: 1337 });
    expect(at('envoy-admin')).toMatchObject({ where: 'pod', addr: '::1', port: 15000 });
    expect(at('app')).toMatchObject({ where: 'pod', addr: '::', port: 8080, uid: 1000 });
    expect(at('remote-8080')).toMatchObject({ where: 'remote', addr: '::', port: 8080 });
    // The IPv4 session's listeners are unchanged.
    expect(oracleListeners(kubeVirt.pair.nft).specs.find((s) => s.name === 'envoy-outbound')?.addr).toBe('0.0.0.0');
  });

  it("kube-virt-interfaces' first difference: the app's IPv6 connection, then Envoy's, each as its own uid", () => {
    const hops = planned(kubeVirt.groups[0]!.newTrace, 'ipv6');
    expect(hops.map((h) => h.replay)).toEqual([
      { id: 'x#1', actor: { where: 'pod', uid: 1000, gid: 1000 }, dst: 'fd00:250::3', dport: 8080 },
      { id: 'x#2', actor: { where: 'pod', uid: 1337, gid: 1337 }, dst: 'fd00:250::3', dport: 8080 },
    ]);
    expect(hops[0]!.expect).toEqual({
      kind: 'accepted',
      listener: 'envoy-outbound',
      local: { addr: '::1', port: 15001 },
      origDst: { addr: 'fd00:250::3', port: 8080 },
    });
    expect(hops[1]!.expect).toEqual({
      kind: 'accepted',
      listener: 'remote-8080',
      local: { addr: 'fd00:250::3', port: 8080 },
    });
  });

  it('the family must match the session: IPv6 hops skip in an IPv4 session, and the other way round', () => {
    const v4 = planReplay(
      { listeners: oracleListeners(kubeVirt.pair.nft), inboundSourceMatters: false },
      'x',
      kubeVirt.groups[0]!.newTrace,
    );
    expect(v4).toMatchObject({ ok: false, code: 'not-ipv4' });
    const ipv4Trace = {
      ...kubeVirt.groups[0]!.newTrace,
      hops: kubeVirt.groups[0]!.newTrace.hops.map((h) => ({ ...h, family: 'ipv4' as const })),
    };
    const v6 = planReplay(
      { listeners: oracleListeners(kubeVirt.pair.nft, 'ipv6'), inboundSourceMatters: false, family: 'ipv6' },
      'x',
      ipv4Trace,
    );
    expect(v6).toMatchObject({ ok: false, code: 'not-ipv6' });
  });

  it("Envoy's inbound passthrough binds ::6, which an IPv6 session's pod holds on lo", () => {
    const hops = planned(inboundInclude.groups[0]!.newTrace, 'ipv6', inboundInclude.pair.nft);
    expect(hops[0]!.replay).toMatchObject({ actor: { where: 'remote' }, dst: 'fd00:250::2', dport: 31000 });
    expect(hops[1]!.replay).toMatchObject({ actor: { where: 'pod', uid: 1337 }, src: '::6', dst: 'fd00:250::2' });
  });

  it('an untracked connection agrees only where the model says nothing rewrote the destination', () => {
    const [direct] = planned(inboundInclude.groups[0]!.oldTrace, 'ipv6', inboundInclude.pair.iptables);
    const [redirected] = planned(inboundInclude.groups[0]!.newTrace, 'ipv6', inboundInclude.pair.nft);
    const untrackedAt = (listener: string, port: number) => ({
      id: 'x#1',
      hits: [],
      outcome: { kind: 'accepted', listener, localAddr: 'fd00:250::2', localPort: port, untracked: true } as const,
    });
    const plain = compareHop(direct!, untrackedAt('app-31000', 31000));
    expect(plain.agree).toBe(true);
    expect(hopLine(plain)).toBe(
      '#1 remote (outside) -> [fd00:250::2]:31000: counted (none); accepted by app-31000 on [fd00:250::2]:31000, ' +
        'untracked by conntrack (not redirected)',
    );
    // The model redirected to 15006 (original destination :31000): untracked cannot stand for that.
    const wrong = compareHop(redirected!, untrackedAt('envoy-inbound', 15006));
    expect(wrong.agree).toBe(false);
    expect(wrong.differences.join('\n')).toContain('landing (original destination)');
    expect(hopLine(wrong)).toContain('(differs from the model: ');
  });
});

/** Read-only: the root namespace's whole nft ruleset (iptables-nft's tables included). */
const rootRuleset = () => spawnSync('nft', ['list', 'ruleset'], { encoding: 'utf8' }).stdout;

const availability = oracleAvailability('native-nft');
const iptablesNft = oracleAvailability('nft');
const reason = !availability.ok ? availability.reason : !iptablesNft.ok ? iptablesNft.reason : undefined;
if (reason && !process.env.CI) console.log(`backends kernel replay skipped: ${reason}`);

describe.skipIf(reason !== undefined && !process.env.CI)('differences on the kernel', () => {
  const recordedFor = (name: string, i: number) =>
    readBackendsFile(join(ROOT, 'generated'))
      ?.configurations.find((c) => c.name === name)
      ?.families.find((f) => f.family === 'ipv6')?.differences[i];

  it.each([
    // The app's IPv6 connection: left alone by iptables, captured to 15001 by nft, then Envoy's own connection out.
    ['kube-virt-interfaces', kubeVirt],
    // The remote's IPv6 connection: untracked and delivered by iptables, captured to 15006 by nft, then Envoy's
    // passthrough from ::6 to the application.
    ['inbound-ports-include', inboundInclude],
  ] as const)(
    "%s's first IPv6 difference, on both backends, says what backends.json records",
    async (name, d) => {
      const recorded = recordedFor(name, 0);
      expect(recorded?.change).toBe(d.groups[0]!.change);
      expect(recorded?.kernel?.confirmed).toBe(true);
      const before = rootRuleset();
      const pids = new Set(startedProcesses().map((p) => p.pid));
      const results = await confirmOnKernel(d.pair, 'ipv6', [kernelTarget('first', d.groups[0]!)]);
      expect(results.get('first')).toEqual(recorded?.kernel);
      // Cleanup: both sessions' namespaces gone, every process they started stopped, the root ruleset untouched.
      expect(listOurNamespaces()).toEqual([]);
      expect(startedProcesses().filter((p) => !pids.has(p.pid) && p.alive)).toEqual([]);
      expect(rootRuleset()).toBe(before);
    },
    60_000,
  );
});
