// MASQUERADE on lo (found by the kernel fuzzer, issue 17): the source it picks is not lo's address.
// IPv4: nf_nat_masquerade_ipv4 (net/netfilter/nf_nat_masquerade.c) takes inet_select_addr(out, nh, RT_SCOPE_UNIVERSE)
// (net/ipv4/devinet.c), which skips lo's 127.0.0.1 (host scope) and falls back to the first universe-scope address of
// another device: the pod's eth0 address, whatever the destination. IPv6: nf_nat_masquerade_ipv6 takes
// ipv6_dev_get_saddr (net/ipv6/addrconf.c), whose first rule prefers the destination itself when it is local.
import { describe, expect, it } from 'vitest';
import { localOutput } from '../../model/kernel/index.ts';
import { formatAddr } from '../../model/net/index.ts';
import { fromApp, hits, hostFor } from './helpers.ts';

const rules = (dnat: string | null) =>
  [
    '*nat',
    ':PREROUTING ACCEPT [0:0]',
    ':INPUT ACCEPT [0:0]',
    ':OUTPUT ACCEPT [0:0]',
    ':POSTROUTING ACCEPT [0:0]',
    ...(dnat ? [`-A OUTPUT -p tcp -j DNAT --to-destination ${dnat}`] : []),
    '-A POSTROUTING -p tcp -j MASQUERADE',
    'COMMIT',
    '',
  ].join('\n');

const source = (r: ReturnType<typeof localOutput>) => formatAddr(r.packet.src);

describe('MASQUERADE out of lo', () => {
  it('IPv4: a connection DNAT-ed to the pod address is masqueraded to the eth0 address, not 127.0.0.1', () => {
    const r = localOutput(hostFor(rules('10.250.0.2')), fromApp('10.251.0.20', 8080));
    expect(r.verdict).toBe('local');
    expect(hits(r)).toEqual(['nat:OUTPUT#1', 'nat:POSTROUTING#1']);
    expect(source(r)).toBe('10.250.0.2');
  });
  it('IPv4: even toward 127.0.0.1 the source becomes the eth0 address (127.0.0.1 has host scope)', () => {
    const r = localOutput(hostFor(rules(null)), fromApp('127.0.0.1', 8080));
    expect(r.verdict).toBe('local');
    expect(source(r)).toBe('10.250.0.2');
  });
  it('IPv6: toward the pod address the source is that address', () => {
    const r = localOutput(hostFor(rules('fd00:250::2'), 'ipv6'), fromApp('fd00:251::20', 8080));
    expect(r.verdict).toBe('local');
    expect(source(r)).toBe('fd00:250::2');
  });
  it('IPv6: toward ::1 the source is ::1', () => {
    const r = localOutput(hostFor(rules(null), 'ipv6'), fromApp('::1', 8080));
    expect(source(r)).toBe('::1');
  });
});
