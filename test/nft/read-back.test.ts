// The configuration read back from native nftables rules alone (readNftConfig, resolveSetup with the nftables backend):
// on each of Istio's 19 nftables goldens it regenerates the golden byte for byte and equals the golden's own
// configuration but for the two options the rules cannot show (asserted below with the reason); the kernel's
// listings of the same rules read back the same configuration; a hand-edited golden reads back the nearest
// configuration and its drift names the edit.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, test } from 'vitest';
import { resolveSetup } from '../../model/configured/index.ts';
import {
  configFromJson,
  configToJson,
  describeDriftItem,
  generateNftables,
  type IstioConfig,
  readNftConfig,
} from '../../model/istio/index.ts';
import { nftRulesets, parseNftOrThrow } from '../../model/nft/index.ts';
import type { Ruleset } from '../../model/rules/index.ts';
import { golden, type ListedForm, listed, NFT_GOLDEN_DIR, NFT_GOLDENS } from './fixtures.ts';

const dumpOf = (text: string): Ruleset[] => {
  const converted = nftRulesets(parseNftOrThrow(text).ruleset);
  return [converted.ipv4, converted.ipv6].filter((r) => r.tables.length > 0);
};

function readBack(text: string): { config: IstioConfig; notes: readonly string[] } {
  const reading = readNftConfig(dumpOf(text));
  if (typeof reading === 'string') throw new Error(reading);
  expect(reading.result.issues.filter((i) => i.severity === 'error')).toEqual([]);
  return { config: reading.result.config!, notes: reading.notes };
}

const fixtureJson = (name: string) =>
  configToJson(configFromJson(readFileSync(resolve(NFT_GOLDEN_DIR, `../configs/${name}.json`), 'utf8')).config!);

/**
 * Options of a golden's configuration that its rules do not show, with what is read instead (checked by hand against
 * the goldens): DNS capture with no nameserver and no capture-all writes no DNS rule (run.go's redirectDNS needs
 * one), and -d is ignored when -b is a port list.
 */
const UNREADABLE: Readonly<Record<string, Readonly<Record<string, unknown>>>> = {
  'ipv6-dns-outbound-owner-groups': { REDIRECT_DNS: false },
  'ipv6-ipnets': { INBOUND_PORTS_EXCLUDE: '' },
};

/** What nft lists in its own form (the kernel holds the masked prefix; nft prints IPv6 addresses canonically). */
const LISTED_AS: Readonly<Record<string, Readonly<Record<string, unknown>>>> = {
  'host-ipv4-loopback-cidr': { HOST_IPV4_LOOPBACK_CIDR: '127.0.0.0/8' },
  'dns-uid-gid': { DNS_SERVERS_V6: ['::7f00:35'] },
};

describe.each(NFT_GOLDENS)('%s read back from its rules alone', (name) => {
  test('regenerates the golden byte for byte', () => {
    expect(generateNftables(readBack(golden(name)).config).text).toBe(golden(name));
  });

  test("is the golden's configuration, but for what the rules cannot show", () => {
    expect(configToJson(readBack(golden(name)).config)).toEqual({ ...fixtureJson(name), ...UNREADABLE[name] });
  });

  test.each(['nft', 'a.nft', 'json'] as ListedForm[])('the kernel listing (%s) reads back the same', (form) => {
    // The listings were loaded with group java = 3000 (listed/groups.json), so they show the gid for the name.
    const fromScript = JSON.parse(
      JSON.stringify(configToJson(readBack(golden(name)).config)).replaceAll('java', '3000'),
    );
    expect(configToJson(readBack(listed(name, form)).config)).toEqual({ ...fromScript, ...LISTED_AS[name] });
  });
});

describe('what the reading says it cannot see', () => {
  test('a port list hides -d; TPROXY hides the route table; no ip6 rule means IPv6 off', () => {
    expect(readBack(golden('inbound-ports-tproxy')).notes).toEqual([
      'INBOUND_TPROXY_ROUTE_TABLE is not in any nftables rule (ip rule uses it): the default 133 is assumed',
      'INBOUND_PORTS_EXCLUDE cannot be read back when the included ports are a list (istio-nftables ignores it): none assumed',
      'no rule tests an IPv6 address (run.go writes ip6 rules only with ENABLE_INBOUND_IPV6): IPv6 read as off',
      'no rule redirects DNS: DNS capture is off, or on without a nameserver (run.go then writes no DNS rule); off assumed',
    ]);
    expect(readBack(golden('dns-uid-gid')).notes).toEqual([]);
  });

  test('rules without table inet istio-proxy-nat are not read', () => {
    expect(
      readNftConfig(dumpOf('table inet filter {\n chain output {\n type filter hook output priority 0;\n }\n}\n')),
    ).toBe(
      'the rules have no table inet istio-proxy-nat with an istio-output chain: not a rule set istio-nftables wrote',
    );
  });
});

const edited = (name: string, edit: (lines: string[]) => string[]) =>
  `${edit(golden(name).trimEnd().split('\n')).join('\n')}\n`;
const without = (line: string) => (lines: string[]) => {
  expect(lines).toContain(line);
  return lines.filter((l) => l !== line);
};
const nftSetup = (text: string) => resolveSetup(dumpOf(text), { backend: 'nftables' });

describe('hand-edited rules read back the nearest configuration, and the drift names the edit', () => {
  test("the proxy's own exit deleted: missing, named", () => {
    const setup = nftSetup(
      edited('ip-range', without('add rule inet istio-proxy-nat istio-output skuid 4 counter return')),
    );
    expect(setup.configSource).toBe('nearest');
    expect(setup.commandLine?.text).toBe(
      "istio-iptables -p 15001 -z 15006 -u 3,4 -g 1,2 -m REDIRECT -i 9.9.0.0/16 -x 1.1.0.0/16 -b '' -d '' --redirect-dns",
    );
    expect(setup.drift?.items.map(describeDriftItem)).toEqual([
      'missing at inet istio-proxy-nat istio-output #7: meta skuid 4 counter return',
    ]);
  });

  test('a rule added: extra, named', () => {
    const setup = nftSetup(
      edited('empty', (lines) => [...lines, 'add rule inet istio-proxy-nat istio-output tcp dport 9999 counter drop']),
    );
    expect(setup.configSource).toBe('nearest');
    expect(setup.drift?.items.map(describeDriftItem)).toEqual([
      'extra at inet istio-proxy-nat istio-output #9: tcp dport 9999 counter drop',
    ]);
  });

  test('an exclusion deleted is another configuration, exactly (the rules alone cannot tell the edit)', () => {
    const setup = nftSetup(
      edited('ip-range', without('add rule inet istio-proxy-nat istio-output ip daddr 1.1.0.0/16 counter return')),
    );
    expect(setup.configSource).toBe('inferred');
    expect(setup.drift?.items).toEqual([]);
    expect(setup.commandLine?.text).toContain("-x ''");
  });

  test("the default injected sidecar's rules: the injected configuration, exact", () => {
    const setup = nftSetup(readFileSync(resolve(NFT_GOLDEN_DIR, '../nft-profiles/default-1.31.nft'), 'utf8'));
    expect(setup.configSource).toBe('inferred');
    expect(setup.drift?.items).toEqual([]);
  });
});
