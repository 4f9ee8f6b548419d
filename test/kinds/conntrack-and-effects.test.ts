// Every kind module declares whether it switches conntrack on, and the NAT and TPROXY kinds carry their effect: the
// registries' types demand both (the @ts-expect-error lines below fail `tsc`, part of npm test, the day such a
// module would compile), and the declarations are the kernel's facts, written here by hand.
import { describe, expect, it } from 'vitest';
import {
  conntrackUseOf,
  type MatchKindRegistry,
  type NatHost,
  TARGET_KINDS,
  type TargetKindRegistry,
} from '../../model/kinds/index.ts';
import { MATCH_KINDS } from '../../model/kinds/matches/registry.ts';
import { parseAddr } from '../../model/net/index.ts';
import { type Packet, PROTO_TCP } from '../../model/ruleset/index.ts';

const { conntrack: _m, ...markWithoutConntrack } = MATCH_KINDS.mark;
// @ts-expect-error a match kind module without its conntrack declaration is not a module
const matchWithoutConntrack: MatchKindRegistry = { ...MATCH_KINDS, mark: markWithoutConntrack };

const { conntrack: _t, ...logWithoutConntrack } = TARGET_KINDS.log;
// @ts-expect-error a target kind module without its conntrack declaration is not a module
const targetWithoutConntrack: TargetKindRegistry = { ...TARGET_KINDS, log: logWithoutConntrack };

// @ts-expect-error a conntrack declaration is one of the two words or a function of the rule
const badWord: TargetKindRegistry = { ...TARGET_KINDS, log: { ...TARGET_KINDS.log, conntrack: 'maybe' } };

const redirectWithoutEffect: TargetKindRegistry = {
  ...TARGET_KINDS,
  // @ts-expect-error a NAT kind must carry its effect
  redirect: { ...TARGET_KINDS.redirect, effect: false },
};

const markWithEffect: TargetKindRegistry = {
  ...TARGET_KINDS,
  // @ts-expect-error a kind that is not NAT or TPROXY has no effect
  mark: { ...TARGET_KINDS.mark, effect: TARGET_KINDS.dnat.effect },
};

const declared = (registry: Record<string, { conntrack: unknown }>) =>
  Object.fromEntries(
    Object.entries(registry).map(([k, m]) => [k, typeof m.conntrack === 'function' ? 'per rule' : m.conntrack]),
  );

describe('conntrack declarations', () => {
  it('every match kind declares it (xt_conntrack, xt_state, xt_connmark take the reference)', () => {
    expect([matchWithoutConntrack, targetWithoutConntrack, badWord].every((r) => typeof r === 'object')).toBe(true);
    expect(declared(MATCH_KINDS)).toEqual({
      source: 'does-not-use',
      destination: 'does-not-use',
      'in-interface': 'does-not-use',
      'out-interface': 'does-not-use',
      protocol: 'does-not-use',
      port: 'does-not-use',
      owner: 'does-not-use',
      mark: 'does-not-use',
      connmark: 'uses',
      conntrack: 'uses',
      comment: 'does-not-use',
      unsupported: 'per rule',
    });
  });

  it('every target kind declares it (NAT, CONNMARK and CT but --notrack take the reference)', () => {
    expect(declared(TARGET_KINDS)).toEqual({
      none: 'does-not-use',
      accept: 'does-not-use',
      drop: 'does-not-use',
      reject: 'does-not-use',
      return: 'does-not-use',
      jump: 'does-not-use',
      goto: 'does-not-use',
      redirect: 'uses',
      dnat: 'uses',
      snat: 'uses',
      masquerade: 'uses',
      tproxy: 'does-not-use',
      mark: 'does-not-use',
      'connmark-set': 'uses',
      'connmark-save': 'uses',
      'connmark-restore': 'uses',
      ct: 'per rule',
      log: 'does-not-use',
      unsupported: 'per rule',
    });
    expect(conntrackUseOf(TARGET_KINDS.ct.conntrack, { kind: 'ct', options: '--notrack', notrack: true })).toBe(
      'does-not-use',
    );
    expect(conntrackUseOf(TARGET_KINDS.ct.conntrack, { kind: 'ct', options: '--zone 1', zone: 1 })).toBe('uses');
  });

  it('a verbatim match or target is decided by its module or name, and unknown when not listed', () => {
    const match = (module: string) =>
      conntrackUseOf(MATCH_KINDS.unsupported.conntrack, { kind: 'unsupported', module, text: `-m ${module}` });
    expect(['helper', 'connlimit', 'nft ct', 'statistic', 'nft meta', 'quota'].map(match)).toEqual([
      'uses',
      'uses',
      'uses',
      'does-not-use',
      'does-not-use',
      'unknown',
    ]);
    const target = (name: string) =>
      conntrackUseOf(TARGET_KINDS.unsupported.conntrack, { kind: 'unsupported', name, text: `-j ${name}` });
    expect(['NETMAP', 'SYNPROXY', 'NFLOG', 'TPROXY', 'CLASSIFY'].map(target)).toEqual([
      'uses',
      'uses',
      'does-not-use',
      'does-not-use',
      'unknown',
    ]);
  });
});

const packet: Packet = {
  family: 'ipv4',
  protocol: PROTO_TCP,
  src: parseAddr('10.250.0.2'),
  dst: parseAddr('10.250.0.3'),
  sport: 40000,
  dport: 80,
  inIface: 'eth0',
  outIface: null,
  owner: null,
  mark: 0,
  ctmark: 0,
  ctstate: 'NEW',
  firstPacket: true,
};

const host = (listener: boolean): NatHost => ({
  primaryAddress: (iface) => (iface === 'eth0' ? parseAddr('10.250.0.3') : null),
  masqueradeSource: () => 'undetermined',
  tproxyListener: () => listener,
});

describe('NAT and TPROXY effects live in their kind modules', () => {
  it('only the NAT and TPROXY kinds have one', () => {
    expect([redirectWithoutEffect, markWithEffect].every((r) => typeof r === 'object')).toBe(true);
    const withEffect = Object.entries(TARGET_KINDS).filter(([, m]) => m.effect !== false);
    expect(withEffect.map(([k]) => k)).toEqual(['redirect', 'dnat', 'snat', 'masquerade', 'tproxy']);
  });

  it('REDIRECT goes to loopback in OUTPUT (a constant) and to the incoming interface in PREROUTING', () => {
    const t = { kind: 'redirect', toPorts: { from: 15001, to: 15001 } } as const;
    expect(TARGET_KINDS.redirect.effect.constant(t, 'OUTPUT')?.ipv6).toEqual({
      kind: 'dnat',
      target: 'REDIRECT',
      toAddr: parseAddr('::1'),
      toPort: 15001,
    });
    expect(TARGET_KINDS.redirect.effect.constant(t, 'PREROUTING')).toBeNull();
    expect(TARGET_KINDS.redirect.effect.apply(t, 'PREROUTING', packet, host(false))).toEqual({
      effect: { kind: 'dnat', target: 'REDIRECT', toAddr: parseAddr('10.250.0.3'), toPort: 15001 },
    });
    expect(TARGET_KINDS.redirect.effect.apply(t, 'PREROUTING', { ...packet, inIface: 'eth9' }, host(false))).toEqual({
      drop: 'REDIRECT: interface eth9 has no address',
    });
  });

  it('MASQUERADE without a known source and TPROXY without a listener say so', () => {
    expect(
      TARGET_KINDS.masquerade.effect.apply(
        { kind: 'masquerade' },
        'POSTROUTING',
        { ...packet, outIface: 'eth0' },
        host(false),
      ),
    ).toEqual({ undetermined: "MASQUERADE's source address on eth0 is not modelled" });
    const tproxy = { kind: 'tproxy', onPort: 15006 } as const;
    expect(TARGET_KINDS.tproxy.effect.apply(tproxy, 'PREROUTING', packet, host(false))).toEqual({
      drop: 'TPROXY: no transparent listener on port 15006',
    });
    // nft_tproxy.c: no socket is NFT_BREAK, the rule ends and the chain goes on.
    expect(TARGET_KINDS.tproxy.effect.apply({ ...tproxy, nft: true }, 'PREROUTING', packet, host(false))).toEqual({
      nftBreak: true,
    });
    expect(TARGET_KINDS.tproxy.effect.apply(tproxy, 'PREROUTING', packet, host(true))).toEqual({
      effect: { kind: 'tproxy', localAddr: parseAddr('10.250.0.3'), port: 15006 },
    });
  });
});
