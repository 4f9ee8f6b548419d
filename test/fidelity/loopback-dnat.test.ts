// A connection from 127.0.0.1 DNAT-ed to an address off the host (issue 17). After nat OUTPUT changes the
// destination, nf_nat_ipv4_local_fn re-routes with ip_route_me_harder (net/ipv4/netfilter.c), which keeps the
// packet's 127.0.0.1 source; the output route to eth0 refuses a loopback source (net/ipv4/route.c,
// ip_route_output_key_hash_rcu: "if (ipv4_is_loopback(fl4->saddr) && !(dev_out->flags & IFF_LOOPBACK)) -EINVAL"),
// so the SYN is dropped and the connection times out. IPv6 has no such check in ip6_route_me_harder: the SYN leaves.
import { describe, expect, it } from 'vitest';
import { localOutput } from '../../model/kernel/index.ts';
import { fromApp, hits, hostFor } from './helpers.ts';

const rules = (to: string) =>
  [
    '*nat',
    ':PREROUTING ACCEPT [0:0]',
    ':INPUT ACCEPT [0:0]',
    ':OUTPUT ACCEPT [0:0]',
    ':POSTROUTING ACCEPT [0:0]',
    `-A OUTPUT -p tcp -m tcp --dport 80 -j DNAT --to-destination ${to}`,
    'COMMIT',
    '',
  ].join('\n');

describe('loopback-sourced connection DNAT-ed off the host', () => {
  it('IPv4: 127.0.0.1:80 to 10.250.0.3:8080 is dropped at re-routing, after the DNAT rule matched', () => {
    const r = localOutput(hostFor(rules('10.250.0.3:8080')), fromApp('127.0.0.1', 80));
    expect(r.verdict).toBe('dropped');
    expect(r.reason).toMatch(/loopback source/);
    expect(hits(r)).toEqual(['nat:OUTPUT#1']);
  });
  it('IPv4: DNAT to another loopback address stays on lo and is delivered locally', () => {
    const r = localOutput(hostFor(rules('127.0.0.1:8080')), fromApp('127.0.0.1', 80));
    expect(r.verdict).toBe('local');
  });
  it('IPv6: ::1 DNAT-ed to fd00:250::3 leaves the pod (the model was right here)', () => {
    const r = localOutput(hostFor(rules('[fd00:250::3]:8080'), 'ipv6'), fromApp('::1', 80));
    expect(r.verdict).toBe('sent');
  });
});
