// The match-kind registry is complete by construction: its type demands a module for every kind of the Match union,
// each with every piece. The compiler is the test; the @ts-expect-error lines below fail `tsc` (part of npm test)
// the day a registry like them would compile.
import { describe, expect, it } from 'vitest';
import {
  MATCH,
  type MatchKindRegistry,
  type MatchOf,
  NO_MATCH,
  TARGET_KINDS,
  type TargetKindRegistry,
  type WorkingPacket,
} from '../../model/kinds/index.ts';
import { ownerWithoutSocket } from '../../model/kinds/matches/owner/kind.ts';
import { MATCH_KINDS } from '../../model/kinds/matches/registry.ts';
import { parseAddr } from '../../model/net/index.ts';
import { type Packet, PROTO_TCP } from '../../model/ruleset/index.ts';

const { owner: _dropped, ...withoutOwner } = MATCH_KINDS;
// @ts-expect-error a registry without the owner kind is not a MatchKindRegistry
const missingKind: MatchKindRegistry = withoutOwner;

const { cost: _cost, ...ownerWithoutCost } = MATCH_KINDS.owner;
// @ts-expect-error a kind module without its cost is not a module
const missingPiece: MatchKindRegistry = { ...MATCH_KINDS, owner: ownerWithoutCost };

const { iptables: _syntax, ...ownerWithoutSyntax } = MATCH_KINDS.owner;
// @ts-expect-error a kind module without its iptables part (options, printer) is not a module
const missingSyntax: MatchKindRegistry = { ...MATCH_KINDS, owner: ownerWithoutSyntax };

// @ts-expect-error a kind's slot holds that kind's module, not another kind's
const wrongModule: MatchKindRegistry = { ...MATCH_KINDS, owner: MATCH_KINDS.mark };

const { tproxy: _tproxy, ...withoutTproxy } = TARGET_KINDS;
// @ts-expect-error a target registry without the tproxy kind is not a TargetKindRegistry
const missingTarget: TargetKindRegistry = withoutTproxy;

const { purpose: _purpose, ...markWithoutPurpose } = TARGET_KINDS.mark;
// @ts-expect-error a target kind module without its purpose is not a module
const missingTargetPiece: TargetKindRegistry = { ...TARGET_KINDS, mark: markWithoutPurpose };

// @ts-expect-error a terminal kind cannot claim to continue with an effect on the packet
const terminalContinuing: TargetKindRegistry = { ...TARGET_KINDS, drop: { ...TARGET_KINDS.drop, continuing: null } };

const packet = (owner: Packet['owner']): Packet => ({
  family: 'ipv4',
  protocol: PROTO_TCP,
  src: parseAddr('10.250.0.2'),
  dst: parseAddr('10.250.0.3'),
  sport: 40000,
  dport: 80,
  inIface: null,
  outIface: 'eth0',
  owner,
  mark: 0,
  ctmark: 0,
  ctstate: 'NEW',
  firstPacket: true,
});

describe('match kinds', () => {
  it('the registry has one module per kind (the ill-typed registries above exist only for the compiler)', () => {
    expect(Object.keys(MATCH_KINDS).sort()).toEqual(
      [
        'comment',
        'connmark',
        'conntrack',
        'destination',
        'in-interface',
        'mark',
        'out-interface',
        'owner',
        'port',
        'protocol',
        'source',
        'unsupported',
      ].sort(),
    );
    expect([missingKind, missingPiece, missingSyntax, wrongModule].every((r) => typeof r === 'object')).toBe(true);
  });

  it("xt_owner's no-socket rule, written once, decides both the evaluation and the inlined code", () => {
    const uid = (negated: boolean) => ({ range: { from: 1337, to: 1337 }, negated });
    const cases: [MatchOf<'owner'>, boolean][] = [
      [{ kind: 'owner', uid: uid(true) }, true],
      [{ kind: 'owner', uid: uid(false) }, false],
      [{ kind: 'owner', uid: uid(true), gid: uid(false) }, false],
      [{ kind: 'owner', uid: uid(true), gid: uid(true) }, true],
    ];
    for (const [m, expected] of cases) {
      expect(ownerWithoutSocket(m)).toBe(expected);
      expect(MATCH_KINDS.owner.evaluate(m, packet(null))).toBe(expected ? MATCH : NO_MATCH);
      const code = MATCH_KINDS.owner.inline(m)!;
      expect(new Function('p', `return ${code};`)(packet(null))).toBe(expected);
    }
  });

  it("a kind's module holds its whole story: options, printed text, words, constants and mutants (owner)", () => {
    const m: MatchOf<'owner'> = { kind: 'owner', uid: { range: { from: 1337, to: 1337 }, negated: true } };
    const owner = MATCH_KINDS.owner;
    expect(Object.keys(owner.iptables.modules)).toEqual(['owner']);
    expect(owner.iptables.print(m)).toBe('-m owner ! --uid-owner 1337');
    expect(owner.explain(m)).toBe("the socket's uid is not 1337");
    const uids: number[] = [];
    owner.constants(
      { ...m, gid: { range: { from: 10, to: 20 }, negated: false } },
      {
        port: () => {},
        uid: (n) => uids.push(n),
        gid: (n) => uids.push(-n),
        addr: () => {},
      },
    );
    expect(uids).toEqual([1337, -9, -10, -20, -21]);
    expect(owner.mutants(m).map((e) => [e.kind, e.what, owner.iptables.print(e.match)])).toEqual([
      ['negation', 'drop ! on --uid-owner', '-m owner --uid-owner 1337'],
      ['uid', '--uid-owner 1337 -> 1338', '-m owner ! --uid-owner 1338'],
    ]);
  });

  it('the target registry has one module per kind, and the continuing ones do their own work on the packet', () => {
    expect([missingTarget, missingTargetPiece, terminalContinuing].every((r) => typeof r === 'object')).toBe(true);
    expect(Object.keys(TARGET_KINDS).length).toBe(19);
    const p: WorkingPacket = { ...packet(null), mark: 0xff00, ctmark: 0, ctstate: 'INVALID' };
    TARGET_KINDS.mark.continuing!({ kind: 'mark', value: 0x10, mask: 0xf0 }, p);
    expect(p.mark).toBe(0xff10);
    // connmark_tg_shift: no conntrack entry, nothing happens.
    TARGET_KINDS['connmark-save'].continuing!({ kind: 'connmark-save', nfmask: 0xffffffff, ctmask: 0xffffffff }, p);
    expect(p.ctmark).toBe(0);
    p.ctstate = 'NEW';
    TARGET_KINDS['connmark-save'].continuing!({ kind: 'connmark-save', nfmask: 0xffffffff, ctmask: 0xffffffff }, p);
    expect(p.ctmark).toBe(0xff10);
    expect(TARGET_KINDS.redirect.iptables.print({ kind: 'redirect', toPorts: { from: 15001, to: 15001 } })).toBe(
      '-j REDIRECT --to-ports 15001',
    );
    expect(TARGET_KINDS.jump.mutants({ kind: 'jump', chain: 'A' }, ['A', 'B']).map((e) => e.what)).toEqual([
      'jump A -> B',
      'jump A -> RETURN',
    ]);
  });
});
