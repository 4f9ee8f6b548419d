// Reading the outbound half back from nat's istio-output, as tools/istio-nftables/pkg/capture/run.go at istio/istio
// 86c9f01 writes it (model/istio/nftables/outbound.ts): -o from the tcp/udp port returns before the owner rules, the
// proxy's uids and gids from the owners of the jumps back to istio-in-redirect, an owner-group exclude from a `skgid`
// return of another group, the include from the one "none of these groups" return, the loopback CIDR from the first
// `ip daddr … return`, -x from the other address returns, -q and -i from the jumps to istio-redirect.
import type { Ruleset } from '../../rules/index.ts';
import { formatCidr } from '../addresses.ts';
import type { OutboundOptionsRead } from '../infer/read-outbound.ts';
import {
  address,
  addressText,
  dport,
  familyOf,
  jumpsTo,
  nftChain,
  nftOwners,
  onlyKinds,
  portModule,
  returns,
} from './shape.ts';

/** The outbound options as the iptables reading has them; here the loopback is the first `ip daddr … return`. */
export interface OutboundReading extends OutboundOptionsRead {
  /** `jump istio-output-dns` in istio-output. */
  dnsJump: boolean;
}

const addOnce = (list: string[], value: string): void => {
  if (!list.includes(value)) list.push(value);
};

export function readOutput(rs: Ruleset): OutboundReading {
  const out: OutboundReading = {
    outboundPortsExclude: [],
    uids: [],
    gids: [],
    groupsExclude: [],
    excludes: [],
    portIncludes: [],
    includeAll: false,
    includes: [],
    dnsJump: false,
  };
  const rules = nftChain(rs, 'istio-proxy-nat', 'istio-output');
  // The proxy's owners: those of the jumps back to Envoy's inbound over lo (one per uid and gid, per family).
  for (const r of rules) {
    if (!jumpsTo(r, 'istio-in-redirect')) continue;
    for (const o of nftOwners(r)) if (!o.negated) addOnce(o.key === 'skuid' ? out.uids : out.gids, o.value);
  }
  let ownersSeen = false;
  let loopbackV6Seen = false;
  for (const r of rules) {
    const owners = nftOwners(r);
    if (owners.length > 0) {
      ownersSeen = true;
      if (!returns(r) || !onlyKinds(r, ['owner'])) continue;
      if (owners.length === 1 && !owners[0]!.negated && owners[0]!.key === 'skgid') {
        if (!out.gids.includes(owners[0]!.value)) addOnce(out.groupsExclude, owners[0]!.value);
      } else if (owners.every((o) => o.key === 'skgid' && o.negated)) {
        out.groupsInclude = owners.map((o) => o.value);
      }
      continue;
    }
    const port = dport(r);
    const to = address(r, 'destination');
    if (returns(r) && port !== undefined && onlyKinds(r, ['port', 'protocol']) && !ownersSeen) {
      addOnce(out.outboundPortsExclude, String(port));
    } else if (returns(r) && to && onlyKinds(r, ['destination'])) {
      const written = addressText(r, 'destination', to);
      if (familyOf(to) === 'ipv4' && out.loopback === undefined) out.loopback = written;
      else if (familyOf(to) === 'ipv6' && !loopbackV6Seen && formatCidr(to) === '::1/128') loopbackV6Seen = true;
      else out.excludes.push(written);
    } else if (jumpsTo(r, 'istio-redirect')) {
      if (port !== undefined && portModule(r) === 'tcp') out.portIncludes.push(String(port));
      else if (to) out.includes.push(addressText(r, 'destination', to));
      else if (r.matches.length === 0) out.includeAll = true;
    } else if (jumpsTo(r, 'istio-output-dns')) {
      out.dnsJump = true;
    }
  }
  return out;
}

/** DNS: the nameservers of istio-output-dns's redirects to the agent's 15053, and whether one has no address. */
export function readDns(rs: Ruleset): { readonly on: boolean; all: boolean; v4: string[]; v6: string[] } {
  const dns = { on: false, all: false, v4: [] as string[], v6: [] as string[] };
  for (const r of nftChain(rs, 'istio-proxy-nat', 'istio-output-dns')) {
    if (r.target.kind !== 'redirect' || r.target.toPorts?.from !== 15053 || dport(r) !== 53) continue;
    dns.on = true;
    const to = address(r, 'destination');
    if (!to) {
      dns.all = true;
      continue;
    }
    // run.go writes each nameserver with /32 or /128; the configuration holds the bare address.
    const server = addressText(r, 'destination', to).replace(/\/(32|128)$/, '');
    addOnce(familyOf(to) === 'ipv4' ? dns.v4 : dns.v6, server);
  }
  return dns;
}
