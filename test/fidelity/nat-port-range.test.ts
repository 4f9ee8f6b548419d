// NAT port ranges (issue 17): for a destination mapping (REDIRECT, DNAT) with --to-ports P-Q, the kernel keeps an
// original port that already lies in the range and only otherwise takes the range's first port
// (net/netfilter/nf_nat_core.c get_unique_tuple: "Only bother mapping if it's not already in range and unique";
// nf_nat_l4proto_unique_tuple starts at offset 0 for NF_NAT_MANIP_DST). Measured on both iptables backends.
import { describe, expect, it } from 'vitest';
import { localOutput, remoteInput } from '../../model/kernel/index.ts';
import { formatAddr } from '../../model/net/index.ts';
import { fromApp, fromRemote, hits, hostFor } from './helpers.ts';

const nat = (family: 'ipv4' | 'ipv6', chain: 'OUTPUT' | 'PREROUTING', target: string, extra = '') =>
  [
    '*nat',
    ':PREROUTING ACCEPT [0:0]',
    ':INPUT ACCEPT [0:0]',
    ':OUTPUT ACCEPT [0:0]',
    ':POSTROUTING ACCEPT [0:0]',
    `-A ${chain} -p tcp -j ${target}`,
    'COMMIT',
    extra,
  ].join('\n') + (family === 'ipv4' ? '' : '');

const mappedTo = (r: ReturnType<typeof localOutput>) => `${formatAddr(r.packet.dst)}:${r.packet.dport}`;

describe('REDIRECT --to-ports P-Q', () => {
  it('OUTPUT, IPv4: an original port inside the range is kept; one outside goes to the first port', () => {
    const h = hostFor(nat('ipv4', 'OUTPUT', 'REDIRECT --to-ports 9000-9090'));
    expect(mappedTo(localOutput(h, fromApp('10.250.0.3', 9050)))).toBe('127.0.0.1:9050');
    expect(mappedTo(localOutput(h, fromApp('10.250.0.3', 9000)))).toBe('127.0.0.1:9000');
    expect(mappedTo(localOutput(h, fromApp('10.250.0.3', 9090)))).toBe('127.0.0.1:9090');
    expect(mappedTo(localOutput(h, fromApp('10.250.0.3', 8080)))).toBe('127.0.0.1:9000');
    expect(mappedTo(localOutput(h, fromApp('10.250.0.3', 9091)))).toBe('127.0.0.1:9000');
  });
  it('OUTPUT, IPv6: the same, to ::1', () => {
    const h = hostFor(nat('ipv6', 'OUTPUT', 'REDIRECT --to-ports 9000-9090'), 'ipv6');
    expect(mappedTo(localOutput(h, fromApp('fd00:250::3', 9050)))).toBe('::1:9050');
    expect(mappedTo(localOutput(h, fromApp('fd00:250::3', 80)))).toBe('::1:9000');
  });
  it('PREROUTING, IPv4 and IPv6: kept on the interface address', () => {
    const h4 = hostFor(nat('ipv4', 'PREROUTING', 'REDIRECT --to-ports 9000-9090'));
    expect(mappedTo(remoteInput(h4, fromRemote('10.250.0.2', 9050)))).toBe('10.250.0.2:9050');
    expect(mappedTo(remoteInput(h4, fromRemote('10.250.0.2', 8080)))).toBe('10.250.0.2:9000');
    const h6 = hostFor(nat('ipv6', 'PREROUTING', 'REDIRECT --to-ports 9000-9090'), 'ipv6');
    expect(mappedTo(remoteInput(h6, fromRemote('fd00:250::2', 9050)))).toBe('fd00:250::2:9050');
  });
  it('a single port is always that port; --random over a range of several ports cannot be predicted', () => {
    const single = hostFor(nat('ipv4', 'OUTPUT', 'REDIRECT --to-ports 15001'));
    expect(mappedTo(localOutput(single, fromApp('10.250.0.3', 9050)))).toBe('127.0.0.1:15001');
    const randomSingle = hostFor(nat('ipv4', 'OUTPUT', 'REDIRECT --to-ports 15001 --random'));
    expect(mappedTo(localOutput(randomSingle, fromApp('10.250.0.3', 9050)))).toBe('127.0.0.1:15001');
    const random = hostFor(nat('ipv4', 'OUTPUT', 'REDIRECT --to-ports 9000-9090 --random'));
    const r = localOutput(random, fromApp('10.250.0.3', 9050));
    expect(r.verdict).toBe('undetermined');
    expect(r.reason).toMatch(/random/);
  });
});

describe('DNAT --to-destination A:P-Q', () => {
  it('OUTPUT and PREROUTING, IPv4: an in-range port is kept, otherwise the first port', () => {
    const out = hostFor(nat('ipv4', 'OUTPUT', 'DNAT --to-destination 10.250.0.3:9000-9090'));
    expect(mappedTo(localOutput(out, fromApp('10.251.0.10', 9050)))).toBe('10.250.0.3:9050');
    expect(mappedTo(localOutput(out, fromApp('10.251.0.10', 8080)))).toBe('10.250.0.3:9000');
    const pre = hostFor(nat('ipv4', 'PREROUTING', 'DNAT --to-destination 10.250.0.2:9000-9090'));
    expect(mappedTo(remoteInput(pre, fromRemote('10.250.0.2', 9050)))).toBe('10.250.0.2:9050');
    expect(mappedTo(remoteInput(pre, fromRemote('10.250.0.2', 80)))).toBe('10.250.0.2:9000');
  });
  it('IPv6', () => {
    const out = hostFor(nat('ipv6', 'OUTPUT', 'DNAT --to-destination [fd00:250::3]:9000-9090'), 'ipv6');
    expect(mappedTo(localOutput(out, fromApp('fd00:251::10', 9050)))).toBe('fd00:250::3:9050');
    expect(mappedTo(localOutput(out, fromApp('fd00:251::10', 8080)))).toBe('fd00:250::3:9000');
  });
});

describe('later rules see the kept port', () => {
  it('a filter OUTPUT rule on the in-range port matches after the REDIRECT (filter runs after nat there)', () => {
    const rules = [
      '*nat',
      ':PREROUTING ACCEPT [0:0]',
      ':INPUT ACCEPT [0:0]',
      ':OUTPUT ACCEPT [0:0]',
      ':POSTROUTING ACCEPT [0:0]',
      '-A OUTPUT -p tcp -j REDIRECT --to-ports 9000-9090',
      'COMMIT',
      '*filter',
      ':INPUT ACCEPT [0:0]',
      ':FORWARD ACCEPT [0:0]',
      ':OUTPUT ACCEPT [0:0]',
      '-A OUTPUT -p tcp -m tcp --dport 9000 -j ACCEPT',
      '-A OUTPUT -p tcp -m tcp --dport 9050 -j ACCEPT',
      'COMMIT',
      '',
    ].join('\n');
    const r = localOutput(hostFor(rules), fromApp('10.250.0.3', 9050));
    expect(hits(r).filter((h) => h.startsWith('filter:OUTPUT'))).toEqual(['filter:OUTPUT#2']);
  });
});
