// nat needs conntrack (issue 17): nf_nat_inet_fn (net/netfilter/nf_nat_core.c) returns NF_ACCEPT for a packet
// without a conntrack entry, so the nat chains see nothing, not even a DROP policy. A network namespace only gets
// conntrack's hooks once something calls nf_ct_netns_get for the family: the NAT targets (xt_nat.c, xt_REDIRECT.c,
// xt_MASQUERADE.c), CONNMARK and connmark (xt_connmark.c), the conntrack and state matches (xt_conntrack.c,
// xt_state.c), CT (xt_CT.c). Tables, chains, policies, MARK, mark, owner, tcp/udp ports, LOG do not.
// Before the conntrack hook (raw, priority -300 < -200) no packet has an entry: ctstate is INVALID there and
// connmark never matches (xt_connmark.c connmark_mt: "if (ct == NULL) return false").
import { describe, expect, it } from 'vitest';
import { localOutput, remoteInput } from '../../model/kernel/index.ts';
import { fromApp, fromRemote, hits, hostFor } from './helpers.ts';

const NAT_DROP = [
  '*nat',
  ':PREROUTING DROP [0:0]',
  ':INPUT ACCEPT [0:0]',
  ':OUTPUT DROP [0:0]',
  ':POSTROUTING ACCEPT [0:0]',
];
const MANGLE = [
  '*mangle',
  ':PREROUTING ACCEPT [0:0]',
  ':INPUT ACCEPT [0:0]',
  ':FORWARD ACCEPT [0:0]',
  ':OUTPUT ACCEPT [0:0]',
  ':POSTROUTING ACCEPT [0:0]',
];
const dump = (...sections: string[][]) => `${sections.map((s) => [...s, 'COMMIT'].join('\n')).join('\n')}\n`;

describe('nat needs conntrack', () => {
  it('with no conntrack user, a nat DROP policy drops nothing and nat shows no hit', () => {
    const h = hostFor(dump(NAT_DROP));
    const out = localOutput(h, fromApp('10.250.0.3', 8080));
    expect(out.verdict).toBe('sent');
    expect(hits(out)).toEqual([]);
    const inbound = remoteInput(h, fromRemote('10.250.0.2', 8080));
    expect(inbound.verdict).toBe('local');
    expect(hits(inbound)).toEqual([]);
  });
  it('rules that are not conntrack users (MARK, owner, ports) leave nat off', () => {
    const h = hostFor(
      dump(NAT_DROP, [
        ...MANGLE,
        '-A OUTPUT -p tcp -m tcp --dport 8080 -m owner --uid-owner 1000 -j MARK --set-xmark 0x1/0xffffffff',
      ]),
    );
    const r = localOutput(h, fromApp('10.250.0.3', 8080));
    expect(r.verdict).toBe('sent');
    expect(hits(r)).toEqual(['mangle:OUTPUT#1', 'mangle:OUTPUT:policy', 'mangle:POSTROUTING:policy']);
  });
  it('one CONNMARK rule in mangle turns nat back on: the DROP policy drops', () => {
    const h = hostFor(dump(NAT_DROP, [...MANGLE, '-A FORWARD -j CONNMARK --set-xmark 0x1/0xffffffff']));
    const r = localOutput(h, fromApp('10.250.0.3', 8080));
    expect(r.verdict).toBe('dropped');
    expect(hits(r)).toContain('nat:OUTPUT:policy');
  });
  it('a conntrack match, or a NAT target anywhere in the family, turns nat on too', () => {
    const ct = hostFor(dump(NAT_DROP, [...MANGLE, '-A FORWARD -m conntrack --ctstate NEW']));
    expect(localOutput(ct, fromApp('10.250.0.3', 8080)).verdict).toBe('dropped');
    const redirect = hostFor(dump([...NAT_DROP, ':X - [0:0]', '-A X -p tcp -j REDIRECT --to-ports 15001']));
    expect(localOutput(redirect, fromApp('10.250.0.3', 8080)).verdict).toBe('dropped');
  });
  it('IPv6 on its own: an IPv6 nat table without conntrack users sees nothing either', () => {
    const h = hostFor(dump(NAT_DROP), 'ipv6');
    expect(localOutput(h, fromApp('fd00:250::3', 8080)).verdict).toBe('sent');
  });
  it('a module whose use of conntrack is not known makes a traversal that meets nat undetermined', () => {
    const h = hostFor(dump(NAT_DROP, [...MANGLE, '-A FORWARD -m recent --name x --rcheck']));
    const r = localOutput(h, fromApp('10.250.0.3', 8080));
    expect(r.verdict).toBe('undetermined');
    expect(r.reason).toMatch(/conntrack/);
  });
  it('in raw, before conntrack, ctstate is INVALID and connmark never matches (negated or not)', () => {
    const RAW = ['*raw', ':PREROUTING ACCEPT [0:0]', ':OUTPUT ACCEPT [0:0]'];
    const h = hostFor(
      dump(
        [
          ...RAW,
          '-A OUTPUT -m conntrack --ctstate NEW',
          '-A OUTPUT -m conntrack --ctstate INVALID',
          '-A OUTPUT -m connmark ! --mark 0x1',
          '-A OUTPUT -m connmark --mark 0x0',
        ],
        [...MANGLE, '-A OUTPUT -m conntrack --ctstate NEW', '-A OUTPUT -m connmark --mark 0x0'],
      ),
    );
    const r = localOutput(h, fromApp('10.250.0.3', 8080));
    expect(hits(r)).toEqual([
      'raw:OUTPUT#2',
      'raw:OUTPUT:policy',
      'mangle:OUTPUT#1',
      'mangle:OUTPUT#2',
      'mangle:OUTPUT:policy',
      'mangle:POSTROUTING:policy',
    ]);
  });
});
