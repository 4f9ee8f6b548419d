// Every target, and the hook semantics around them: table order, nat on the first packet only, re-routing after
// OUTPUT NAT, REDIRECT's address per hook and family, TPROXY, marks, and undetermined outcomes.
import { describe, expect, it } from 'vitest';
import { type Packet, PROTO_TCP, PROTO_UDP, tableLabel } from '../../model/kernel/packet.ts';
import { localOutput, remoteInput } from '../../model/kernel/path.ts';
import { formatAddr, parseAddr } from '../../model/net/index.ts';
import { makeWorld, podHost } from '../../model/pod/index.ts';
import { findProfile } from '../../model/profiles/index.ts';
import { parseDumpOrThrow } from '../../model/rules/index.ts';
import { hitLabel } from '../../model/trace/index.ts';

const envoy = findProfile('istio-1.25')!.envoy;

function host(rules: string, family: 'ipv4' | 'ipv6' = 'ipv4', localRouteMark: number | null = null) {
  const rs = parseDumpOrThrow(rules, { family }).rulesets[0]!;
  return podHost(makeWorld({ rulesets: { [family]: rs }, envoy, localRouteMark }));
}

function out(dst: string, extra: Partial<Packet> = {}): Packet {
  const d = parseAddr(dst);
  const v6 = d.family === 'ipv6';
  return {
    family: d.family,
    protocol: PROTO_TCP,
    src: parseAddr(v6 ? 'fd00:250::2' : '10.250.0.2'),
    dst: d,
    sport: 40000,
    dport: 8080,
    inIface: null,
    outIface: null,
    owner: { uid: 1000, gid: 1000 },
    mark: 0,
    ctmark: 0,
    ctstate: 'NEW',
    firstPacket: true,
    ...extra,
  };
}

function inbound(dst: string, extra: Partial<Packet> = {}): Packet {
  const d = parseAddr(dst);
  return out(dst, {
    src: parseAddr(d.family === 'ipv6' ? 'fd00:250::3' : '10.250.0.3'),
    inIface: 'eth0',
    owner: null,
    ...extra,
  });
}

/**
 * A rule that switches conntrack on without being reached (CONNMARK in a user chain nothing jumps to): without one,
 * nat sees no packet at all (model/kernel/conntrack-users.ts).
 */
const CONNTRACK_ON = ':CT_ON - [0:0]\n-A CT_ON -j CONNMARK --set-xmark 0x0/0x0\n';

const path = (r: ReturnType<typeof localOutput>) =>
  r.hits.map((h) => `${tableLabel(h.table)}:${hitLabel(h)}`).join(' ');

describe('verdict targets', () => {
  it('ACCEPT ends the table only; the next table still runs', () => {
    const h = host(
      '*mangle\n:OUTPUT ACCEPT [0:0]\n-A OUTPUT -j ACCEPT\n-A OUTPUT -j DROP\nCOMMIT\n*filter\n:OUTPUT ACCEPT [0:0]\n-A OUTPUT -p tcp -j LOG\nCOMMIT\n',
    );
    const r = localOutput(h, out('10.250.0.3'));
    expect(r.verdict).toBe('sent');
    expect(path(r)).toBe('mangle:OUTPUT#1 filter:OUTPUT#1 filter:OUTPUT:policy mangle:POSTROUTING:policy');
  });
  it('DROP and REJECT drop, and a DROP policy drops', () => {
    expect(
      localOutput(
        host('*filter\n:OUTPUT ACCEPT [0:0]\n-A OUTPUT -d 10.250.0.3/32 -j DROP\nCOMMIT\n'),
        out('10.250.0.3'),
      ).verdict,
    ).toBe('dropped');
    expect(
      localOutput(
        host('*filter\n:OUTPUT ACCEPT [0:0]\n-A OUTPUT -p tcp -j REJECT --reject-with tcp-reset\nCOMMIT\n'),
        out('10.250.0.3'),
      ).verdict,
    ).toBe('dropped');
    expect(localOutput(host('*filter\n:OUTPUT DROP [0:0]\nCOMMIT\n'), out('10.250.0.3')).reason).toBe(
      'filter OUTPUT policy DROP',
    );
  });
  it('jump, RETURN, falling off a user chain, and goto', () => {
    const rules =
      '*mangle\n:OUTPUT ACCEPT [0:0]\n:A - [0:0]\n:B - [0:0]\n-A OUTPUT -j A\n-A OUTPUT -j LOG\n-A A -p udp -j RETURN\n-A A -g B\n-A A -j DROP\n-A B -p udp -j DROP\nCOMMIT\n';
    // A#2 goes to B; falling off B returns to OUTPUT (not to A, which would DROP).
    expect(path(localOutput(host(rules), out('10.250.0.3')))).toBe(
      'mangle:OUTPUT#1 mangle:A#2 mangle:B:return mangle:OUTPUT#2 mangle:OUTPUT:policy mangle:POSTROUTING:policy',
    );
    expect(path(localOutput(host(rules), out('10.250.0.3', { protocol: PROTO_UDP })))).toBe(
      'mangle:OUTPUT#1 mangle:A#1 mangle:OUTPUT#2 mangle:OUTPUT:policy mangle:POSTROUTING:policy',
    );
  });
  it('LOG, NFLOG and TRACE do not change the verdict', () => {
    const h = host(
      '*raw\n:OUTPUT ACCEPT [0:0]\n-A OUTPUT -j TRACE\nCOMMIT\n*filter\n:OUTPUT ACCEPT [0:0]\n-A OUTPUT -j NFLOG\n-A OUTPUT -j LOG --log-prefix x\nCOMMIT\n',
    );
    expect(path(localOutput(h, out('10.250.0.3')))).toBe(
      'raw:OUTPUT#1 raw:OUTPUT:policy filter:OUTPUT#1 filter:OUTPUT#2 filter:OUTPUT:policy',
    );
  });
  it('an unsupported match that decides is undetermined; one outvoted by a false match is not', () => {
    const rules =
      '*mangle\n:OUTPUT ACCEPT [0:0]\n-A OUTPUT -p udp -m statistic --mode random --probability 0.5 -j DROP\n-A OUTPUT -p tcp -m statistic --mode random --probability 0.5 -j DROP\nCOMMIT\n';
    const r = localOutput(host(rules), out('10.250.0.3'));
    expect(r.verdict).toBe('undetermined');
    expect(r.undeterminedAt?.index).toBe(2);
  });
});

describe('NAT targets', () => {
  it('REDIRECT in OUTPUT goes to 127.0.0.1 and the packet is re-routed through lo', () => {
    const r = localOutput(
      host('*nat\n:OUTPUT ACCEPT [0:0]\n-A OUTPUT -p tcp -j REDIRECT --to-ports 15001\nCOMMIT\n'),
      out('10.250.0.3'),
    );
    expect(r.verdict).toBe('local');
    expect(`${formatAddr(r.packet.dst)}:${r.packet.dport}`).toBe('127.0.0.1:15001');
    expect(r.hooks.map((v) => `${v.hook}[${v.tables.map(tableLabel).join(',')}]`)).toEqual([
      'OUTPUT[nat]',
      'POSTROUTING[nat]',
      'PREROUTING[]',
      'INPUT[]',
    ]);
  });
  it('REDIRECT in OUTPUT for IPv6 goes to ::1', () => {
    const r = localOutput(
      host('*nat\n:OUTPUT ACCEPT [0:0]\n-A OUTPUT -p tcp -j REDIRECT --to-ports 15001\nCOMMIT\n', 'ipv6'),
      out('fd00:250::3'),
    );
    expect(`${formatAddr(r.packet.dst)}:${r.packet.dport}`).toBe('::1:15001');
  });
  it('REDIRECT in PREROUTING goes to the incoming interface primary address (IPv4 and IPv6)', () => {
    const rules = '*nat\n:PREROUTING ACCEPT [0:0]\n-A PREROUTING -p tcp -j REDIRECT --to-ports 15006\nCOMMIT\n';
    expect(formatAddr(remoteInput(host(rules), inbound('10.250.0.2')).packet.dst)).toBe('10.250.0.2');
    expect(formatAddr(remoteInput(host(rules, 'ipv6'), inbound('fd00:250::2')).packet.dst)).toBe('fd00:250::2');
  });
  it('DNAT rewrites the destination and the route follows it', () => {
    const r = localOutput(
      host('*nat\n:OUTPUT ACCEPT [0:0]\n-A OUTPUT -p tcp -j DNAT --to-destination 10.250.0.2:9090\nCOMMIT\n'),
      out('10.250.0.3'),
    );
    expect(r.verdict).toBe('local');
    expect(r.packet.dport).toBe(9090);
  });
  it('SNAT and MASQUERADE in POSTROUTING rewrite the source', () => {
    const snat = localOutput(
      host('*nat\n:POSTROUTING ACCEPT [0:0]\n-A POSTROUTING -o eth0 -j SNAT --to-source 10.250.0.9\nCOMMIT\n'),
      out('10.250.0.3'),
    );
    expect(formatAddr(snat.packet.src)).toBe('10.250.0.9');
    const masq = localOutput(
      host('*nat\n:POSTROUTING ACCEPT [0:0]\n-A POSTROUTING -o eth0 -p tcp -j MASQUERADE --to-ports 50000\nCOMMIT\n'),
      out('10.250.0.3', { src: parseAddr('10.250.0.2') }),
    );
    expect(masq.packet.sport).toBe(50000);
  });
  it('nat sees only the first packet; a looped-back packet skips nat PREROUTING and INPUT', () => {
    const rules = `*nat\n:PREROUTING ACCEPT [0:0]\n:INPUT ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\n${CONNTRACK_ON}-A OUTPUT -j LOG\n-A PREROUTING -j LOG\n-A INPUT -j LOG\nCOMMIT\n`;
    expect(path(localOutput(host(rules), out('10.250.0.3', { firstPacket: false })))).toBe('');
    expect(path(localOutput(host(rules), out('10.250.0.2')))).toBe(
      'nat:OUTPUT#1 nat:OUTPUT:policy nat:POSTROUTING:policy',
    );
    expect(path(remoteInput(host(rules), inbound('10.250.0.2')))).toBe(
      'nat:PREROUTING#1 nat:PREROUTING:policy nat:INPUT#1 nat:INPUT:policy',
    );
  });
  it('CT --notrack in raw keeps the connection away from nat', () => {
    const rules =
      '*raw\n:OUTPUT ACCEPT [0:0]\n-A OUTPUT -p tcp -j CT --notrack\nCOMMIT\n*nat\n:OUTPUT ACCEPT [0:0]\n-A OUTPUT -p tcp -j REDIRECT --to-ports 15001\nCOMMIT\n';
    expect(localOutput(host(rules), out('10.250.0.3')).verdict).toBe('sent');
  });
});

describe('hooks and routing', () => {
  it('INPUT runs filter before nat (filter priority 0, nat SNAT +100)', () => {
    const rules = `*nat\n:INPUT ACCEPT [0:0]\n${CONNTRACK_ON}-A INPUT -j LOG\nCOMMIT\n*filter\n:INPUT ACCEPT [0:0]\n-A INPUT -j LOG\nCOMMIT\n*mangle\n:INPUT ACCEPT [0:0]\n-A INPUT -j LOG\nCOMMIT\n`;
    const input = remoteInput(host(rules), inbound('10.250.0.2')).hooks.find((h) => h.hook === 'INPUT')!;
    expect(input.tables.map(tableLabel)).toEqual(['mangle', 'filter', 'nat']);
  });
  it('a loopback source cannot leave the pod (EINVAL), and martians from outside are dropped', () => {
    expect(
      localOutput(host('*nat\n:OUTPUT ACCEPT [0:0]\nCOMMIT\n'), out('10.250.0.3', { src: parseAddr('127.0.0.6') }))
        .reason,
    ).toContain('EINVAL');
    expect(remoteInput(host('*nat\n:PREROUTING ACCEPT [0:0]\nCOMMIT\n'), inbound('127.0.0.1')).verdict).toBe('dropped');
  });
  it('MARK changes the packet for later rules; a marked packet routes to lo under TPROXY routing', () => {
    const rules =
      '*mangle\n:OUTPUT ACCEPT [0:0]\n-A OUTPUT -p tcp -j MARK --set-mark 1337\n-A OUTPUT -m mark --mark 0x539 -j LOG\nCOMMIT\n';
    const r = localOutput(host(rules, 'ipv4', 1337), out('10.250.0.3'));
    expect(r.packet.mark).toBe(1337);
    expect(path(r)).toContain('mangle:OUTPUT#2');
    expect(r.verdict).toBe('local');
  });
  it('CONNMARK --save-mark and --restore-mark move marks between packet and connection', () => {
    const rules =
      '*mangle\n:OUTPUT ACCEPT [0:0]\n-A OUTPUT -j MARK --set-mark 7\n-A OUTPUT -j CONNMARK --save-mark\n-A OUTPUT -j MARK --set-mark 0\n-A OUTPUT -j CONNMARK --restore-mark\nCOMMIT\n';
    const r = localOutput(host(rules), out('10.250.0.3'));
    expect([r.packet.mark, r.packet.ctmark]).toEqual([7, 7]);
  });
  it('TPROXY in mangle PREROUTING hands the packet to the transparent inbound listener and marks it', () => {
    const rules =
      '*mangle\n:PREROUTING ACCEPT [0:0]\n-A PREROUTING -p tcp -j TPROXY --on-port 15006 --tproxy-mark 0x539/0xffffffff\nCOMMIT\n';
    const r = remoteInput(host(rules), inbound('10.250.0.2'));
    expect(r.verdict).toBe('local');
    expect(r.effects).toEqual([
      { kind: 'tproxy', localAddr: parseAddr('10.250.0.2'), port: 15006, mark: { value: 0x539, mask: 0xffffffff } },
    ]);
    expect(r.packet.mark).toBe(0x539);
    const none = '*mangle\n:PREROUTING ACCEPT [0:0]\n-A PREROUTING -p tcp -j TPROXY --on-port 15999\nCOMMIT\n';
    expect(remoteInput(host(none), inbound('10.250.0.2')).verdict).toBe('dropped');
  });
});
