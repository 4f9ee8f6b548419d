// What iptables-restore loads and refuses (issue 17), measured on iptables 1.8.9 with both backends:
// - `-i` in a user chain reached from OUTPUT, and `-o` in one reached from PREROUTING, load: iptables checks the
//   interface options against the chain's *name* only (iptables/xshared.c: "Can't use -i with OUTPUT"), and the
//   kernel compares them with an empty name (ip_tables.c ip_packet_match with nulldevname; nft's meta iifname
//   stores "" when there is no device). So `-i eth0` never matches there and `! -i eth0` always does.
// - `-j DROP` in any nat chain is refused by iptables itself (iptables/xshared.c: "The nat table is not intended for
//   filtering, the use of DROP is therefore inhibited."), while a nat policy of DROP loads.
import { describe, expect, it } from 'vitest';
import { localOutput, remoteInput } from '../../model/kernel/index.ts';
import { parseDump } from '../../model/rules/index.ts';
import { fromApp, fromRemote, hits, hostFor } from './helpers.ts';

const where = (text: string) => parseDump(text).issues.map(({ code, line, column }) => ({ code, line, column }));

const MANGLE = [
  '*mangle',
  ':PREROUTING ACCEPT [0:0]',
  ':INPUT ACCEPT [0:0]',
  ':FORWARD ACCEPT [0:0]',
  ':OUTPUT ACCEPT [0:0]',
  ':POSTROUTING ACCEPT [0:0]',
  ':X - [0:0]',
];

describe('interface options in user chains', () => {
  const fromOutput = [
    ...MANGLE,
    '-A OUTPUT -j X',
    '-A X -i eth0 -j MARK --set-xmark 0x1/0xffffffff',
    '-A X ! -i eth0 -j MARK --set-xmark 0x2/0xffffffff',
    'COMMIT',
    '',
  ].join('\n');
  const fromPrerouting = [
    ...MANGLE,
    '-A PREROUTING -j X',
    '-A X -o eth0 -j MARK --set-xmark 0x1/0xffffffff',
    '-A X ! -o eth+ -j MARK --set-xmark 0x2/0xffffffff',
    'COMMIT',
    '',
  ].join('\n');

  it('load without issues', () => {
    expect(where(fromOutput)).toEqual([]);
    expect(where(fromPrerouting)).toEqual([]);
  });
  it('-i in a chain reached from OUTPUT sees an empty input interface', () => {
    const r = localOutput(hostFor(fromOutput), fromApp('10.250.0.3', 8080));
    expect(hits(r)).toEqual([
      'mangle:OUTPUT#1',
      'mangle:X#2',
      'mangle:X:return',
      'mangle:OUTPUT:policy',
      'mangle:POSTROUTING:policy',
    ]);
    expect(r.packet.mark).toBe(2);
  });
  it('-o in a chain reached from PREROUTING sees an empty output interface', () => {
    const r = remoteInput(hostFor(fromPrerouting), fromRemote('10.250.0.2', 8080));
    expect(hits(r).slice(0, 3)).toEqual(['mangle:PREROUTING#1', 'mangle:X#2', 'mangle:X:return']);
    expect(r.packet.mark).toBe(2);
  });
  it('-i in OUTPUT itself and -o in PREROUTING itself are still refused, as iptables does', () => {
    expect(where([...MANGLE, '-A OUTPUT -i eth0 -j RETURN', 'COMMIT', ''].join('\n'))).toEqual([
      { code: 'illegal-option', line: 8, column: 11 },
    ]);
    expect(where([...MANGLE, '-A PREROUTING -o eth0 -j RETURN', 'COMMIT', ''].join('\n'))).toEqual([
      { code: 'illegal-option', line: 8, column: 15 },
    ]);
  });
});

describe('DROP in the nat table', () => {
  const NAT = [
    '*nat',
    ':PREROUTING ACCEPT [0:0]',
    ':INPUT ACCEPT [0:0]',
    ':OUTPUT ACCEPT [0:0]',
    ':POSTROUTING ACCEPT [0:0]',
    ':X - [0:0]',
  ];
  it('-j DROP in a nat chain, built-in or user, is a load error at the target', () => {
    expect(where([...NAT, '-A X -j DROP', 'COMMIT', ''].join('\n'))).toEqual([
      { code: 'illegal-target', line: 7, column: 9 },
    ]);
    expect(where([...NAT, '-A OUTPUT -p tcp -j DROP', 'COMMIT', ''].join('\n'))).toEqual([
      { code: 'illegal-target', line: 7, column: 21 },
    ]);
  });
  it('a nat policy of DROP loads', () => {
    expect(
      where(
        [
          '*nat',
          ':PREROUTING ACCEPT [0:0]',
          ':INPUT ACCEPT [0:0]',
          ':OUTPUT DROP [0:0]',
          ':POSTROUTING ACCEPT [0:0]',
          'COMMIT',
          '',
        ].join('\n'),
      ),
    ).toEqual([]);
  });
});
