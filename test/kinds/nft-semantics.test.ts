// Where nft's expressions mean something else than the xt matches of the same kind, the kind carries it:
// `meta skuid != X` ends the rule for a socketless packet (net/netfilter/nft_meta.c, nft_meta_get_eval_skugid: no
// full socket -> NFT_BREAK), where xt_owner's `! --uid-owner X` matches it; and an address of the other family never
// matches, negated or not (nft's implicit `meta nfproto` dependency in inet tables).
import { describe, expect, it } from 'vitest';
import { MATCH, type MatchOf, NO_MATCH } from '../../model/kinds/index.ts';
import { MATCH_KINDS } from '../../model/kinds/matches/registry.ts';
import { parseAddr, parseCidr } from '../../model/net/index.ts';
import { type Packet, PROTO_TCP } from '../../model/ruleset/index.ts';

const packet = (over: Partial<Packet>): Packet => ({
  family: 'ipv4',
  protocol: PROTO_TCP,
  src: parseAddr('10.250.0.2'),
  dst: parseAddr('10.250.0.3'),
  sport: 40000,
  dport: 80,
  inIface: null,
  outIface: 'lo',
  owner: null,
  mark: 0,
  ctmark: 0,
  ctstate: 'NEW',
  firstPacket: true,
  ...over,
});

const run = (code: string, p: Packet) => new Function('p', `return ${code};`)(p);

describe('nft semantics in the match kinds', () => {
  it('skuid != 1337 does not match a socketless packet; ! --uid-owner 1337 does', () => {
    const uid = { range: { from: 1337, to: 1337 }, negated: true };
    const xt: MatchOf<'owner'> = { kind: 'owner', uid };
    const nft: MatchOf<'owner'> = { kind: 'owner', uid, nft: true };
    const socketless = packet({});
    const app = packet({ owner: { uid: 1000, gid: 1000 } });
    expect([MATCH_KINDS.owner.evaluate(xt, socketless), MATCH_KINDS.owner.evaluate(nft, socketless)]).toEqual([
      MATCH,
      NO_MATCH,
    ]);
    expect([run(MATCH_KINDS.owner.inline(xt)!, socketless), run(MATCH_KINDS.owner.inline(nft)!, socketless)]).toEqual([
      true,
      false,
    ]);
    // With a socket both read the same uid.
    expect(MATCH_KINDS.owner.evaluate(nft, app)).toBe(MATCH);
    expect(MATCH_KINDS.owner.explain(nft)).toBe("the socket's uid is not 1337 and it has a local socket");
  });

  it('ip daddr != 127.0.0.1/32 does not match an IPv6 packet (evaluated and inlined alike)', () => {
    const m: MatchOf<'destination'> = { kind: 'destination', negated: true, cidr: parseCidr('127.0.0.1/32') };
    const v6 = packet({ family: 'ipv6', src: parseAddr('fd00::2'), dst: parseAddr('2001:db8::1') });
    const v4 = packet({ dst: parseAddr('10.0.0.1') });
    expect([MATCH_KINDS.destination.evaluate(m, v6), MATCH_KINDS.destination.evaluate(m, v4)]).toEqual([
      NO_MATCH,
      MATCH,
    ]);
    expect([run(MATCH_KINDS.destination.inline(m)!, v6), run(MATCH_KINDS.destination.inline(m)!, v4)]).toEqual([
      false,
      true,
    ]);
    const s: MatchOf<'source'> = { kind: 'source', negated: true, cidr: parseCidr('127.0.0.6/32') };
    expect([MATCH_KINDS.source.evaluate(s, v6), run(MATCH_KINDS.source.inline(s)!, v6)]).toEqual([NO_MATCH, false]);
  });
});
