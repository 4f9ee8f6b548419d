// Well-formed: the rules load in iptables-restore. What the kernel or iptables refuses is either the parser's error
// (placement.ts, options) or a load refusal (loadability.ts), and `check` stops on it with exit 2 before any verdict.
// Every case below was loaded with iptables 1.8.9 (iptables-nft-restore and iptables-legacy-restore, ip6tables-* for
// IPv6) into a throw-away network namespace of its own on kernel 6.18; the comment after each is what they answered.
// The Istio rules themselves (every profile, every shared golden, both backends' nftables goldens) are well-formed.
import { describe, expect, it } from 'vitest';
import type { Family } from '../../model/net/index.ts';
import { nftRulesets, parseNft } from '../../model/nft/index.ts';
import { NFT_PROFILE, PROFILES } from '../../model/profiles/index.ts';
import { loadRefusals, parseDump } from '../../model/rules/index.ts';
import { GOLDEN_CASES, readGolden } from '../istio/helpers.ts';
import { NFT_GOLDENS, golden as nftGolden } from '../nft/fixtures.ts';

const nat = (...lines: string[]) =>
  `*nat\n:PREROUTING ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\n:POSTROUTING ACCEPT [0:0]\n${lines.join('\n')}\nCOMMIT\n`;
const table = (name: string, ...lines: string[]) => `*${name}\n${lines.join('\n')}\nCOMMIT\n`;

/** What the model says about a dump: the first error's or refusal's code and line, or 'loads'. */
function verdict(text: string, family: Family = 'ipv4'): string {
  const parsed = parseDump(text, { family });
  const error = parsed.issues.find((i) => i.severity === 'error');
  if (error) return `${error.code}@${error.line}`;
  const [refused] = loadRefusals(text, parsed.value!.rulesets);
  return refused ? `${refused.code}@${refused.line}` : 'loads';
}

describe('rules the kernel refuses are refused, at their line', () => {
  it.each([
    // REDIRECT in filter: "REDIRECT is only valid in the nat table"
    [
      'REDIRECT outside nat',
      table('filter', ':OUTPUT ACCEPT [0:0]', '-A OUTPUT -p tcp -j REDIRECT --to-ports 15001'),
      'illegal-target@3',
    ],
    // nf_tables rc 4, legacy "line 4 failed": REDIRECT's hooks are PREROUTING and OUTPUT (xt_REDIRECT.c)
    ['REDIRECT in POSTROUTING', nat('-A POSTROUTING -p tcp -j REDIRECT --to-ports 15001'), 'illegal-target@5'],
    [
      'REDIRECT in a chain POSTROUTING jumps to',
      `*nat\n:POSTROUTING ACCEPT [0:0]\n:X - [0:0]\n-A POSTROUTING -j X\n-A X -p tcp -j REDIRECT --to-ports 15001\nCOMMIT\n`,
      'illegal-target@5',
    ],
    ['DNAT in POSTROUTING', nat('-A POSTROUTING -p tcp -j DNAT --to-destination 10.0.0.1'), 'illegal-target@5'],
    ['SNAT in PREROUTING', nat('-A PREROUTING -p tcp -j SNAT --to-source 10.0.0.1'), 'illegal-target@5'],
    ['MASQUERADE in OUTPUT', nat('-A OUTPUT -j MASQUERADE'), 'illegal-target@5'],
    ['REJECT in nat', nat('-A OUTPUT -j REJECT'), 'illegal-target@5'],
    ['CT in nat (raw only)', nat('-A OUTPUT -p udp -j CT --zone 1'), 'illegal-target@5'],
    // "No chain/target/match by that name"
    ['a jump to a missing chain', nat('-A OUTPUT -p tcp -j ISTIO_NOPE'), 'undefined-chain@5'],
    ['a rule in an undeclared chain', nat('-A ISTIO_X -j RETURN'), 'unknown-chain@5'],
    ['a jump to a built-in chain', nat('-A OUTPUT -j PREROUTING'), 'illegal-target@5'],
    // "Port range `15001' funky"; "bad port" above 65535
    ['--to-ports out of range', nat('-A OUTPUT -p tcp -j REDIRECT --to-ports 70000'), 'bad-value@5'],
    ['--to-ports reversed', nat('-A OUTPUT -p tcp -j REDIRECT --to-ports 15002-15001'), 'bad-value@5'],
    // "Need TCP, UDP, SCTP or DCCP with port specification"
    ['--to-ports without -p', nat('-A OUTPUT -j REDIRECT --to-ports 15001'), 'illegal-option@5'],
    // nf_tables rc 4: TPROXY's hook is PREROUTING in mangle (xt_TPROXY.c)
    [
      'TPROXY in mangle OUTPUT',
      table(
        'mangle',
        ':PREROUTING ACCEPT [0:0]',
        ':OUTPUT ACCEPT [0:0]',
        ':X - [0:0]',
        '-A OUTPUT -j X',
        '-A X -p tcp -j TPROXY --on-port 15006 --tproxy-mark 0x539/0xffffffff',
      ),
      'illegal-target@6',
    ],
    [
      'TPROXY without -p',
      table(
        'mangle',
        ':PREROUTING ACCEPT [0:0]',
        '-A PREROUTING -j TPROXY --on-port 15006 --tproxy-mark 0x539/0xffffffff',
      ),
      'illegal-option@3',
    ],
    // owner's hooks are OUTPUT and POSTROUTING (xt_owner.c)
    [
      'owner in a chain PREROUTING jumps to',
      `*nat\n:PREROUTING ACCEPT [0:0]\n:X - [0:0]\n-A PREROUTING -j X\n-A X -m owner --uid-owner 1337 -j RETURN\nCOMMIT\n`,
      'illegal-option@5',
    ],
    // "too many ports specified"
    [
      'multiport with 16 ports',
      nat('-A OUTPUT -p tcp -m multiport --dports 1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16 -j RETURN'),
      'bad-value@5',
    ],
    // "TCP match requires '-p tcp'"
    ['-m tcp on UDP', nat('-A OUTPUT -p udp -m tcp --dport 80 -j RETURN'), 'illegal-option@5'],
    // "chain name `…' too long (must be under 29 chars)"
    ['a chain name of 29 characters', nat(':ABCDEFGHIJKLMNOPQRSTUVWXYZABC - [0:0]'), 'bad-value@5'],
    // "interface name `abcdefghijklmnopq' must be shorter than IFNAMSIZ (15)"
    ['an interface name of 17 characters', nat('-A OUTPUT -o abcdefghijklmnopq -j RETURN'), 'bad-value@5'],
    // "Bad policy name"
    ['a RETURN policy', table('nat', ':OUTPUT RETURN [0:0]'), 'builtin-chain-policy@2'],
    // "COMMIT expected at line 4"
    ['no COMMIT', '*nat\n:OUTPUT ACCEPT [0:0]\n-A OUTPUT -j RETURN\n', 'missing-commit@3'],
  ])('%s', (_, text, expected) => {
    expect(verdict(text)).toBe(expected);
  });

  it.each([
    // "Couldn't load match `icmp6'"
    [
      'ipv4',
      '-m icmp6',
      table('filter', ':OUTPUT ACCEPT [0:0]', '-A OUTPUT -p ipv6-icmp -m icmp6 --icmpv6-type 128 -j ACCEPT'),
    ],
    ['ipv4', '-m hl', table('filter', ':OUTPUT ACCEPT [0:0]', '-A OUTPUT -m hl --hl-eq 1 -j ACCEPT')],
    ['ipv4', '-m frag', table('filter', ':OUTPUT ACCEPT [0:0]', '-A OUTPUT -m frag --fragid 1 -j ACCEPT')],
    // 'unknown option "--hl-set"': no HL target in iptables
    ['ipv4', '-j HL', table('mangle', ':OUTPUT ACCEPT [0:0]', '-A OUTPUT -j HL --hl-set 5')],
    [
      'ipv4',
      '-j DNPT',
      table('mangle', ':PREROUTING ACCEPT [0:0]', '-A PREROUTING -j DNPT --src-pfx 10.0.0.0/8 --dst-pfx 10.1.0.0/8'),
    ],
    // "Couldn't load match `icmp'", `ttl', `realm' from ip6tables-restore
    ['ipv6', '-m icmp', table('filter', ':OUTPUT ACCEPT [0:0]', '-A OUTPUT -p icmp -m icmp --icmp-type 8 -j ACCEPT')],
    ['ipv6', '-m ttl', table('filter', ':OUTPUT ACCEPT [0:0]', '-A OUTPUT -m ttl --ttl-eq 1 -j ACCEPT')],
    ['ipv6', '-m realm', table('filter', ':OUTPUT ACCEPT [0:0]', '-A OUTPUT -m realm --realm 1 -j ACCEPT')],
    ['ipv6', '-j TTL', table('mangle', ':OUTPUT ACCEPT [0:0]', '-A OUTPUT -j TTL --ttl-set 5')],
    ['ipv6', '-j ECN', table('mangle', ':OUTPUT ACCEPT [0:0]', '-A OUTPUT -p tcp -j ECN --ecn-tcp-remove')],
  ] as const)('%s: %s, an extension of the other family only', (family, _, text) => {
    expect(verdict(text, family)).toBe('wrong-family@3');
  });

  it('a wrong-family refusal names the extension, the family and the tool', () => {
    const text = table('filter', ':OUTPUT ACCEPT [0:0]', '-A OUTPUT -m ttl --ttl-eq 1 -j ACCEPT');
    const [r] = loadRefusals(text, parseDump(text, { family: 'ipv6' }).value!.rulesets);
    expect(r).toMatchObject({
      code: 'wrong-family',
      line: 3,
      column: 11,
      backends: ['iptables-legacy', 'iptables-nft'],
    });
    expect(r!.message).toMatch(/^-m ttl is an IPv4 match: ip6tables-restore has no such extension/);
  });
});

describe('rules the kernel loads are not refused', () => {
  it.each([
    ['REDIRECT --to-ports 0', nat('-A OUTPUT -p tcp -j REDIRECT --to-ports 0')],
    ['REDIRECT without --to-ports', nat('-A OUTPUT -j REDIRECT')],
    [
      'a chain name of 28 characters',
      nat(':ABCDEFGHIJKLMNOPQRSTUVWXYZAB - [0:0]', '-A OUTPUT -j ABCDEFGHIJKLMNOPQRSTUVWXYZAB'),
    ],
    [
      'multiport with 15 ports',
      nat('-A OUTPUT -p tcp -m multiport --dports 1,2,3,4,5,6,7,8,9,10,11,12,13,14,15 -j RETURN'),
    ],
    [
      'MARK and CONNMARK in nat',
      nat('-A OUTPUT -j MARK --set-xmark 0x1/0xffffffff', '-A OUTPUT -j CONNMARK --set-xmark 0x1/0xffffffff'),
    ],
    [
      'ACCEPT and a conntrack match in nat',
      nat('-A OUTPUT -m conntrack --ctstate INVALID -j RETURN', '-A OUTPUT -j ACCEPT'),
    ],
    ['CT in raw', table('raw', ':OUTPUT ACCEPT [0:0]', '-A OUTPUT -p udp -j CT --zone 1')],
    ['REJECT in filter OUTPUT', table('filter', ':OUTPUT ACCEPT [0:0]', '-A OUTPUT -j REJECT')],
    [
      'TPROXY --on-ip in mangle PREROUTING',
      table(
        'mangle',
        ':PREROUTING ACCEPT [0:0]',
        '-A PREROUTING -p tcp -j TPROXY --on-port 15006 --on-ip 127.0.0.1 --tproxy-mark 0x1/0x1',
      ),
    ],
    ['-m ttl in iptables', table('filter', ':OUTPUT ACCEPT [0:0]', '-A OUTPUT -m ttl --ttl-eq 1 -j ACCEPT')],
  ])('%s', (_, text) => {
    expect(verdict(text)).toBe('loads');
  });

  it.each([
    ['-p icmp in ip6tables', table('filter', ':OUTPUT ACCEPT [0:0]', '-A OUTPUT -p icmp -j ACCEPT')],
    ['-m hl in ip6tables', table('filter', ':OUTPUT ACCEPT [0:0]', '-A OUTPUT -m hl --hl-eq 1 -j ACCEPT')],
  ])('%s', (_, text) => {
    expect(verdict(text, 'ipv6')).toBe('loads');
  });
});

describe("Istio's rules are well-formed", () => {
  it.each(PROFILES.map((p) => [p.name, p.rulesText]))('profile %s', (_, text) => {
    expect(verdict(text)).toBe('loads');
  });

  it.each(GOLDEN_CASES)('golden %s (both families)', (name) => {
    const text = readGolden(name);
    const parsed = parseDump(text);
    expect(parsed.issues.filter((i) => i.severity === 'error')).toEqual([]);
    expect(loadRefusals(text, parsed.value!.rulesets)).toEqual([]);
  });

  it.each([
    ...NFT_GOLDENS.map((n) => [`nft golden ${n}`, nftGolden(n)]),
    ['profile istio-1.31-nft', NFT_PROFILE.rulesText],
  ])('%s', (_, text) => {
    const parsed = parseNft(text);
    expect(parsed.issues.filter((i) => i.severity === 'error')).toEqual([]);
    const converted = nftRulesets(parsed.value!.ruleset);
    expect(converted.issues.filter((i) => i.severity === 'error')).toEqual([]);
  });
});
