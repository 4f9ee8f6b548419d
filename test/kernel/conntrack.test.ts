// Connection tracking beyond the first packet: a table of entries, lookups in the template's zone, the NAT reversal
// of replies, ctstate of later packets, and the zone mistake of Istio #46935 (a reply tracked in another zone than
// its request finds no entry, so its NAT is not reversed).
import { describe, expect, it } from 'vitest';
import { ConntrackTable, type Packet, PROTO_TCP, PROTO_UDP, tupleText } from '../../model/kernel/index.ts';
import { localOutput, remoteInput } from '../../model/kernel/path.ts';
import { formatAddr, parseAddr } from '../../model/net/index.ts';
import { makeWorld, podHost } from '../../model/pod/index.ts';
import { findProfile } from '../../model/profiles/index.ts';
import { parseDumpOrThrow } from '../../model/rules/index.ts';

const envoy = findProfile('istio-1.25')!.envoy;

// The DNS rules of Istio's dns-uid-gid golden (test/fixtures/istio/goldens/dns-uid-gid.golden), IPv4, proxy uid 3 only.
const DNS_RULES = `*nat
:OUTPUT ACCEPT [0:0]
:ISTIO_OUTPUT - [0:0]
:ISTIO_OUTPUT_DNS - [0:0]
-A OUTPUT -j ISTIO_OUTPUT
-A ISTIO_OUTPUT -m owner --uid-owner 3 -j RETURN
-A ISTIO_OUTPUT -j ISTIO_OUTPUT_DNS
-A ISTIO_OUTPUT_DNS -p tcp --dport 53 -d 127.0.0.53/32 -j REDIRECT --to-ports 15053
-A ISTIO_OUTPUT_DNS -p udp --dport 53 -d 127.0.0.53/32 -j REDIRECT --to-port 15053
COMMIT
*raw
:PREROUTING ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
:ISTIO_OUTPUT_DNS - [0:0]
:ISTIO_INBOUND - [0:0]
-A OUTPUT -j ISTIO_OUTPUT_DNS
-A ISTIO_OUTPUT_DNS -p udp --dport 53 -m owner --uid-owner 3 -j CT --zone 1
-A ISTIO_OUTPUT_DNS -p udp --sport 15053 -m owner --uid-owner 3 -j CT --zone 2
-A PREROUTING -j ISTIO_INBOUND
-A ISTIO_OUTPUT_DNS -p udp --dport 53 -d 127.0.0.53/32 -j CT --zone 2
-A ISTIO_INBOUND -p udp --sport 53 -s 127.0.0.53/32 -j CT --zone 1
COMMIT
`;

function host(rules: string) {
  const rs = parseDumpOrThrow(rules, { family: 'ipv4' }).rulesets[0]!;
  return podHost(makeWorld({ rulesets: { ipv4: rs }, envoy }));
}

function udp(src: string, sport: number, dst: string, dport: number, uid: number): Packet {
  return {
    family: 'ipv4',
    protocol: PROTO_UDP,
    src: parseAddr(src),
    dst: parseAddr(dst),
    sport,
    dport,
    inIface: null,
    outIface: null,
    owner: { uid, gid: uid },
    mark: 0,
    ctmark: 0,
    ctstate: 'NEW',
    firstPacket: true,
  };
}

const APP = 1000;
const AGENT = 3;
const query = udp('127.0.0.1', 40001, '127.0.0.53', 53, APP);
/** pilot-agent's answer, from its socket on 127.0.0.1:15053 to the application's socket. */
const answer = { ...udp('127.0.0.1', 15053, '127.0.0.1', 40001, AGENT), firstPacket: false };

describe('a UDP query and its reply through the DNS zones', () => {
  it('the query gets zone 2 from raw OUTPUT, a new entry, and REDIRECT to 15053 in its reply tuple', () => {
    const table = new ConntrackTable();
    const q = localOutput(host(DNS_RULES), query, table);
    expect(q.verdict).toBe('local');
    expect(q.conntrack).toMatchObject({ zone: 2, lookup: 'new', ctstate: 'NEW' });
    expect(`${formatAddr(q.packet.dst)}:${q.packet.dport}`).toBe('127.0.0.1:15053');
    expect(table.entries).toHaveLength(1);
    const e = table.entries[0]!;
    expect([e.zone, tupleText(e.original), tupleText(e.reply), e.status]).toEqual([
      2,
      '127.0.0.1:40001 -> 127.0.0.53:53',
      '127.0.0.1:15053 -> 127.0.0.1:40001',
      'UNREPLIED',
    ]);
    expect(e.nat).toEqual({ dst: true, src: false });
  });

  it("the agent's reply is looked up in zone 2, found in the reply direction, and its source de-NATed to the server", () => {
    const table = new ConntrackTable();
    const h = host(DNS_RULES);
    localOutput(h, query, table);
    const r = localOutput(h, answer, table);
    expect(r.verdict).toBe('local');
    expect(r.conntrack).toMatchObject({ zone: 2, lookup: 'reply', ctstate: 'ESTABLISHED' });
    // nf_nat_packet at POSTROUTING (manip src, inverted for the reply): the source becomes the original destination.
    expect(`${formatAddr(r.packet.src)}:${r.packet.sport}`).toBe('127.0.0.53:53');
    expect(table.entries).toHaveLength(1);
    expect(table.entries[0]!.status).toBe('REPLIED');
    // The reply does not walk the nat chains (no nat hit), only raw.
    expect(r.hits.some((x) => x.table.name === 'nat')).toBe(false);
  });

  it('a second query of the same socket finds its entry: NEW until replied, ESTABLISHED after, same REDIRECT', () => {
    const table = new ConntrackTable();
    const h = host(DNS_RULES);
    localOutput(h, query, table);
    const again = localOutput(h, { ...query, firstPacket: false }, table);
    expect(again.conntrack).toMatchObject({ zone: 2, lookup: 'original', ctstate: 'NEW' });
    expect(again.packet.dport).toBe(15053);
    localOutput(h, answer, table);
    const third = localOutput(h, { ...query, firstPacket: false }, table);
    expect(third.conntrack).toMatchObject({ lookup: 'original', ctstate: 'ESTABLISHED' });
    expect(third.packet.dport).toBe(15053);
  });

  it("the agent's upstream query goes to zone 1 (the first CT rule wins; the later zone 2 rule does nothing)", () => {
    const table = new ConntrackTable();
    const up = localOutput(host(DNS_RULES), udp('127.0.0.1', 40500, '127.0.0.53', 53, AGENT), table);
    expect(up.conntrack).toMatchObject({ zone: 1, lookup: 'new' });
    expect(up.packet.dport).toBe(53);
    expect(up.hits.map((x) => `${x.chain}#${x.index}`)).toContain('ISTIO_OUTPUT_DNS#4');
  });

  it('Istio #46935: without the zone-2 rule for the answer, it is looked up in zone 0, creates an entry, keeps 15053', () => {
    const broken = DNS_RULES.replace(
      '-A ISTIO_OUTPUT_DNS -p udp --sport 15053 -m owner --uid-owner 3 -j CT --zone 2\n',
      '',
    );
    const table = new ConntrackTable();
    const h = host(broken);
    localOutput(h, query, table);
    const r = localOutput(h, answer, table);
    expect(r.conntrack).toMatchObject({ zone: 0, lookup: 'new', ctstate: 'NEW' });
    expect(`${formatAddr(r.packet.src)}:${r.packet.sport}`).toBe('127.0.0.1:15053');
    expect(table.entries.map((e) => [e.zone, e.status])).toEqual([
      [2, 'UNREPLIED'],
      [0, 'UNREPLIED'],
    ]);
  });
});

describe('replies arriving from outside', () => {
  const RULES = `*raw
:PREROUTING ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
-A OUTPUT -p udp --dport 53 -m owner --uid-owner 3 -j CT --zone 1
-A PREROUTING -p udp --sport 53 -s 10.251.0.53/32 -j CT --zone 1
COMMIT
`;
  const up = udp('10.250.0.2', 40600, '10.251.0.53', 53, AGENT);
  const reply: Packet = {
    ...udp('10.251.0.53', 53, '10.250.0.2', 40600, 0),
    inIface: 'eth0',
    owner: null,
    firstPacket: false,
  };

  it('a reply matched on its source in raw PREROUTING is found in zone 1', () => {
    const table = new ConntrackTable();
    const h = host(RULES);
    expect(localOutput(h, up, table).verdict).toBe('sent');
    const r = remoteInput(h, reply, table);
    expect(r.conntrack).toMatchObject({ zone: 1, lookup: 'reply', ctstate: 'ESTABLISHED' });
  });

  it('the same rule written with -d (the bug of Istio #46935) misses the reply: zone 0, a new entry', () => {
    const table = new ConntrackTable();
    const h = host(RULES.replace('-s 10.251.0.53/32', '-d 10.251.0.53/32'));
    localOutput(h, up, table);
    const r = remoteInput(h, reply, table);
    expect(r.conntrack).toMatchObject({ zone: 0, lookup: 'new', ctstate: 'NEW' });
    expect(table.entries.map((e) => [e.zone, e.status])).toEqual([
      [1, 'UNREPLIED'],
      [0, 'UNREPLIED'],
    ]);
  });
});

describe('--ctstate on later packets', () => {
  const RULES = `*mangle
:PREROUTING ACCEPT [0:0]
-A PREROUTING -m conntrack --ctstate INVALID -j DROP
-A PREROUTING -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT
COMMIT
`;
  const syn: Packet = { ...udp('10.250.0.2', 40700, '10.250.0.3', 8080, APP), protocol: PROTO_TCP };
  const synAck: Packet = {
    ...syn,
    src: syn.dst,
    dst: syn.src,
    sport: 8080,
    dport: 40700,
    inIface: 'eth0',
    owner: null,
    firstPacket: false,
  };

  it('a TCP answer with no entry is INVALID and the drop-invalid rule drops it (tcp_new refuses a SYN/ACK)', () => {
    const r = remoteInput(host(RULES), synAck, new ConntrackTable());
    expect(r.conntrack).toMatchObject({ lookup: 'none', ctstate: 'INVALID' });
    expect(r.verdict).toBe('dropped');
  });

  it('the answer to a connection the pod opened is ESTABLISHED and accepted by the second rule', () => {
    const table = new ConntrackTable();
    const h = host(RULES);
    expect(localOutput(h, syn, table).verdict).toBe('sent');
    const r = remoteInput(h, synAck, table);
    expect(r.conntrack).toMatchObject({ lookup: 'reply', ctstate: 'ESTABLISHED' });
    const pre = r.hits.filter((x) => x.chain === 'PREROUTING');
    expect(pre.map((x) => `${x.chain}#${x.index}:${x.target}`)).toEqual(['PREROUTING#2:ACCEPT']);
    expect(r.verdict).toBe('local');
  });
});

describe('CONNMARK is kept on the entry', () => {
  it('a mark saved on the first packet is restored on the reply', () => {
    const RULES = `*mangle
:PREROUTING ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
-A OUTPUT -j CONNMARK --set-xmark 0x539/0xffffffff
-A PREROUTING -m connmark --mark 0x539 -j MARK --set-xmark 0x1/0xffffffff
COMMIT
`;
    const table = new ConntrackTable();
    const h = host(RULES);
    localOutput(h, udp('10.250.0.2', 40800, '10.250.0.3', 9000, APP), table);
    const r = remoteInput(
      h,
      { ...udp('10.250.0.3', 9000, '10.250.0.2', 40800, 0), inIface: 'eth0', owner: null, firstPacket: false },
      table,
    );
    expect(r.packet.ctmark).toBe(0x539);
    expect(r.packet.mark).toBe(1);
  });
});
