// The built-in native nftables profile (istio-1.31-nft): listed by `profiles`, printed as the nft -f transaction of
// the default injected sidecar (test/fixtures/istio/nft-profiles/default-1.31.nft, written by hand from run.go), and
// usable with --profile wherever a FILE is.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { NFT_PROFILE } from '../../model/profiles/index.ts';
import { NFT_PROFILE_NAMES, PROFILE_NAMES, RULES_PROFILE_NAMES } from '../../scripts/cli/names.ts';
import type { checkJson } from '../../scripts/cli/render/check-json.ts';
import { ISTIO_FIXTURES, runCli, validJson } from './helpers.ts';

const DEFAULT_NFT = readFileSync(join(ISTIO_FIXTURES, 'nft-profiles', 'default-1.31.nft'), 'utf8');

describe('the istio-1.31-nft profile', () => {
  it('is the one name of scripts/cli/names.ts beside the iptables profiles', () => {
    expect([...NFT_PROFILE_NAMES]).toEqual([NFT_PROFILE.name]);
    expect([...RULES_PROFILE_NAMES]).toEqual([...PROFILE_NAMES, 'istio-1.31-nft']);
  });

  it('is listed by profiles, in the table and in JSON (schema-valid)', async () => {
    const r = await runCli(['profiles']);
    expect(r.stdout).toContain(
      "istio-1.31-nft  native nftables (global.nativeNftables): the default sidecar's inet istio-proxy-nat table\n",
    );
    const doc = validJson<{ profiles: { name: string; version: string }[] }>(
      'profiles',
      (await runCli(['profiles', '--json'])).stdout,
    );
    expect(doc.profiles.at(-1)).toMatchObject({ name: 'istio-1.31-nft', version: '1.31' });
  });

  it('--print writes the default sidecar nft -f transaction', async () => {
    const r = await runCli(['profiles', '--print', 'istio-1.31-nft']);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(DEFAULT_NFT);
  });

  it('check --profile reads it as nft, with the configuration read back and the profile version', async () => {
    const r = await runCli(['check', '--profile', 'istio-1.31-nft', '--json']);
    const doc = validJson<ReturnType<typeof checkJson>>('check', r.stdout);
    expect(doc.rules).toMatchObject({ source: 'profile', name: 'profile istio-1.31-nft', format: 'nft-script' });
    expect(doc.istio).toMatchObject({ source: 'inferred', version: '1.31', versionSource: 'profile' });
    const ipv4 = doc.invariants.filter((i) => i.family === 'ipv4');
    // The default sidecar excludes and includes nothing, names no extra interface and captures no DNS, so the three
    // configuration-scoped, the four DNS and the two interface invariants do not apply, nor the TPROXY one (REDIRECT
    // mode), nor the dual-stack parity (IPv6 read back as off), capture-off (both directions
    // captured) or drop-invalid (no DROP_INVALID); every other one holds.
    expect(ipv4.filter((i) => i.status !== 'holds').map((i) => [i.id, i.status])).toEqual([
      ['outbound-exclusions', 'not-applicable'],
      ['outbound-inclusions', 'not-applicable'],
      ['inbound-ports', 'not-applicable'],
      ['dns-captured', 'not-applicable'],
      ['dns-proxy-no-loop', 'not-applicable'],
      ['dns-zone-consistency', 'not-applicable'],
      ['dns-exclusions', 'not-applicable'],
      ['excluded-interfaces', 'not-applicable'],
      ['virtual-interfaces', 'not-applicable'],
      ['tproxy-gid-self-inbound', 'not-applicable'],
      ['owner-groups', 'not-applicable'],
      ['dual-stack-parity', 'not-applicable'],
      ['capture-off', 'not-applicable'],
      ['drop-invalid', 'not-applicable'],
    ]);
    // IPv6 is off (ENABLE_INBOUND_IPV6=false), yet the inet table's family-less output jumps capture an IPv6
    // connection to the pod's own Service, while the hairpin to 15006 matches `ip daddr` (IPv4) only: Envoy's
    // connection to its own pod returns and reaches the application directly.
    const v6 = doc.invariants.find((i) => i.family === 'ipv6' && i.id === 'local-to-local');
    expect(v6?.status).toBe('violated');
    expect(r.code).toBe(1);
  });

  it('is not an --envoy-behaviour choice (it has rules, not a behaviour of its own)', async () => {
    const r = await runCli(['check', '--profile', 'istio-1.25', '--envoy-behaviour', 'istio-1.31-nft']);
    expect(r.code).toBe(2);
  });
});
