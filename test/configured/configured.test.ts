// The pod and the intent a configuration describes: identities, ports, interfaces, DNS servers, TPROXY's route and
// Envoy's behaviour per version, from Istio's golden configurations and each version's injected defaults.
import { describe, expect, test } from 'vitest';
import {
  configuredWorldOptions,
  envoyBehaviourOf,
  intentOf,
  type NameTable,
  NO_NAMES,
} from '../../model/configured/index.ts';
import { type IstioConfig, injectedConfig, NEWEST_VERSION } from '../../model/istio/index.ts';
import { formatAddr } from '../../model/net/index.ts';
import { makeWorld } from '../../model/pod/index.ts';
import { findProfile } from '../../model/profiles/index.ts';
import { goldenConfig, PROFILE_VERSIONS } from '../istio/helpers.ts';

const options = (name: string, names: NameTable = NO_NAMES) =>
  configuredWorldOptions(goldenConfig(name), NEWEST_VERSION, names);
const world = (name: string) => makeWorld({ rulesets: {}, ...options(name).options });

test('every listed proxy uid and gid is a proxy identity; Envoy runs as the first of each (-u 3,4 -g 1,2)', () => {
  const { pod } = world('ip-range');
  expect(pod.proxyIds).toEqual({ uids: [3, 4], gids: [1, 2] });
  expect(pod.proxy).toEqual({ uid: 3, gid: 1 });
  expect(pod.agent).toEqual({ uid: 3, gid: 1 });
});

test('the default configuration is the default pod: proxy 1337/1337, app on 8080, no extra interface', () => {
  const { pod } = world('empty');
  expect(pod.proxyIds).toEqual({ uids: [1337], gids: [1337] });
  expect(pod.app.ports).toEqual([8080]);
  expect(pod.extraInterfaces).toEqual([]);
  expect(pod.localRouteMark).toBeNull();
});

test('-b as a list gives the application its ports', () => {
  expect(world('inbound-ports-include').pod.app.ports).toEqual([32000, 31000]);
  expect(world('inbound-ports-wildcard').pod.app.ports).toEqual([8080]);
});

test('-c names an excluded interface, -k virtual ones', () => {
  expect(world('basic-exclude-nic').pod.extraInterfaces).toEqual([{ name: 'not-istio-nic', role: 'excluded' }]);
  expect(world('kube-virt-interfaces').pod.extraInterfaces).toEqual([
    { name: 'eth1', role: 'virtual' },
    { name: 'eth2', role: 'virtual' },
  ]);
});

test("the resolv.conf servers are the world's DNS servers", () => {
  expect(world('dns-uid-gid').pod.dnsServers.map(formatAddr)).toEqual(['127.0.0.53', '::7f00:35']);
  expect(world('empty').pod.dnsServers).toEqual([]);
});

test("TPROXY mode routes the mark's packets to lo (istio-iptables' ip rule)", () => {
  expect(world('inbound-ports-tproxy').pod.localRouteMark).toBe(1337);
});

test('a proxy group given by name is resolved through the name table, or left out with a note', () => {
  const named: IstioConfig = { ...goldenConfig('empty'), proxyGid: [{ kind: 'name', name: 'istio' }] };
  const unresolved = configuredWorldOptions(named, NEWEST_VERSION, NO_NAMES);
  expect(unresolved.options.proxyGids).toBeUndefined();
  expect(unresolved.notes).toEqual([expect.stringContaining('proxy group "istio" has no gid here')]);
  const table: NameTable = { groups: new Map([['istio', 7]]), users: new Map() };
  expect(configuredWorldOptions(named, NEWEST_VERSION, table).options.proxyGids).toEqual([7]);
});

describe.each(PROFILE_VERSIONS)("Envoy's behaviour of %s from its version and injected configuration", (version) => {
  test("is the profile's own", () => {
    const config = injectedConfig(version).config!;
    expect(envoyBehaviourOf(version, config)).toEqual(findProfile(`istio-${version}`)!.envoy);
  });
});

describe('the intent', () => {
  test('-q without -i captures only its ports', () => {
    const { intent } = intentOf(goldenConfig('outbound-ports-include'), NEWEST_VERSION, 'ipv4', NO_NAMES);
    expect(intent).toMatchObject({ outboundCapture: true, outboundCidrs: [], outboundIncludedPorts: [32000, 31000] });
  });

  test('-i and -x are read per family', () => {
    const v4 = intentOf(goldenConfig('ip-range'), NEWEST_VERSION, 'ipv4', NO_NAMES).intent;
    expect(v4.outboundCidrs).toHaveLength(1);
    expect(v4.outboundExcludedCidrs).toHaveLength(1);
    const v6 = intentOf(goldenConfig('ip-range'), NEWEST_VERSION, 'ipv6', NO_NAMES).intent;
    expect(v6).toMatchObject({ outboundCapture: false, outboundCidrs: [], outboundExcludedCidrs: [] });
  });

  test('-b "" captures nothing inbound; the tunnel port is still excluded', () => {
    const { intent } = intentOf(goldenConfig('empty'), NEWEST_VERSION, 'ipv4', NO_NAMES);
    expect(intent).toMatchObject({ inboundCapture: false, inboundExcludedPorts: [15008], tunnelPort: 15008 });
  });

  test('owner groups: names resolved through the table, the rest reported', () => {
    const config = goldenConfig('outbound-owner-groups');
    const bare = intentOf(config, NEWEST_VERSION, 'ipv4', NO_NAMES);
    expect(bare.intent.ownerGroups).toEqual({ include: [202], exclude: [], unresolved: ['java'] });
    expect(bare.unresolvedGroups).toEqual(['java']);
    const table: NameTable = { groups: new Map([['java', 1000]]), users: new Map() };
    const named = intentOf(config, NEWEST_VERSION, 'ipv4', table);
    expect(named.intent.ownerGroups).toEqual({ include: [1000, 202], exclude: [], unresolved: [] });
    expect(named.unresolvedGroups).toEqual([]);
  });
});
