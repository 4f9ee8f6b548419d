// iptables vs native nftables for one configuration, compared by story over every packet class (oracle/backends.ts).
// Expected differences are read off the two goldens by hand (see each test), never computed by the code under test.
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { backendPair, compareBackends, readConfigFile, sharedGoldenNames } from '../../oracle/index.ts';
import { NFT_GOLDEN_DIR } from '../nft/fixtures.ts';

const CONFIG_DIR = resolve(NFT_GOLDEN_DIR, '../configs');
const compare = (name: string) => compareBackends(backendPair(name, readConfigFile(CONFIG_DIR, name)));
const groupsOf = (name: string) =>
  compare(name).families.map((f) => ({
    family: f.family,
    sampled: f.sampled,
    undetermined: f.undetermined,
    changes: f.groups.map((g) => g.change),
  }));

describe('iptables vs native nftables, by story over every packet class', () => {
  it('every configuration with both goldens is compared; inbound-ports-empty-tproxy has no iptables golden', () => {
    const names = sharedGoldenNames(resolve(NFT_GOLDEN_DIR, '../goldens'), NFT_GOLDEN_DIR);
    expect(names).toHaveLength(18);
    expect(names).not.toContain('inbound-ports-empty-tproxy');
    expect(names).toContain('kube-virt-interfaces');
  });

  it("kube-virt-interfaces (IPv6 off): the inet table's last `istio-output … jump istio-redirect` captures IPv6", () => {
    // The iptables golden writes no ip6tables rules; the nft golden's istio-output ends with `counter jump
    // istio-redirect`, no family match, in an inet table: the application's IPv6 TCP goes to 15001.
    const c = compare('kube-virt-interfaces');
    expect(c.iptablesFamilies).toEqual(['ipv4']);
    expect(groupsOf('kube-virt-interfaces')).toEqual([
      { family: 'ipv4', sampled: null, undetermined: 0, changes: [] },
      {
        family: 'ipv6',
        sampled: null,
        undetermined: 0,
        changes: [
          'leaves the pod -> via 15001, leaves the pod',
          'leaves the pod -> via 15001, delivered to envoy outbound',
          'leaves the pod -> via 15001 -> 8080, delivered to app :8080',
        ],
      },
    ]);
    const top = c.families[1]!.groups[0]!;
    expect(top.example.from).toMatchObject({ kind: 'pod', actor: 'app' });
    expect(top.oldTrace.hops).toHaveLength(1);
    expect(top.newTrace.hops[0]!.landed).toMatchObject({ kind: 'listener', listener: 'envoy outbound' });
  });

  it('outbound-owner-groups: with `java` resolved on both sides (as the oracle loads it) nothing differs', () => {
    const f = compare('outbound-owner-groups').families;
    expect(f.map((x) => [x.undetermined, x.groups.length])).toEqual([
      [0, 0],
      [0, 0],
    ]);
  });
});
