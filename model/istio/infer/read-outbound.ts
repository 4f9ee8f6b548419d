// Reading the outbound half back from nat ISTIO_OUTPUT (one family at a time): -o from the port RETURNs at the top,
// the uid and gid lists from the proxy's owner RETURNs (a gid RETURN without its loopback redirect is an excluded
// owner group), the owner-group include from the one "none of these groups" RETURN, the loopback CIDR from the first
// destination RETURN and -x from the others, -q and -i from the jumps to ISTIO_REDIRECT, and DNS from the 15053
// redirects (or the port-53 carve-outs DNS capture leaves when it has no server).

import type { Rule, Ruleset } from '../../rules/index.ts';
import { formatAddr } from '../addresses.ts';
import type { Features } from '../generate/features.ts';
import {
  carvesOut53,
  chainRules,
  cidrText,
  destination,
  dport,
  jumpsTo,
  onlyKinds,
  outInterface,
  owners,
  protocol,
  redirectPort,
  returns,
  source,
} from './shape.ts';

/** The outbound options read back from the output chain, whichever backend wrote it (iptables or native nftables). */
export interface OutboundOptionsRead {
  readonly outboundPortsExclude: string[];
  readonly uids: string[];
  readonly gids: string[];
  readonly groupsExclude: string[];
  /** undefined: "*" */
  groupsInclude?: string[];
  /** The first destination RETURN after the owner rules. */
  loopback?: string;
  readonly excludes: string[];
  readonly portIncludes: string[];
  includeAll: boolean;
  readonly includes: string[];
}

export interface OutboundReading extends OutboundOptionsRead {
  /** Port 53 carved out of the loopback RETURNs: DNS capture was on. */
  dnsCarveOut: boolean;
  sawLoReturn: boolean;
}

export function readOutput(rs: Ruleset, f: Features): OutboundReading {
  const out: OutboundReading = {
    outboundPortsExclude: [],
    uids: [],
    gids: [],
    groupsExclude: [],
    excludes: [],
    portIncludes: [],
    includeAll: false,
    includes: [],
    dnsCarveOut: false,
    sawLoReturn: false,
  };
  const redirectGids = new Set<string>();
  let ownersDone = false;
  for (const r of chainRules(rs, 'nat', 'ISTIO_OUTPUT')) {
    const o = owners(r);
    if (o.length > 0) {
      readOwnerRule(r, o, f, out, redirectGids);
      continue;
    }
    const port = dport(r);
    const proto = protocol(r);
    if (returns(r) && port !== undefined && onlyKinds(r, ['protocol', 'port']) && !ownersDone) {
      if (!out.outboundPortsExclude.includes(String(port))) out.outboundPortsExclude.push(String(port));
    } else if (returns(r) && source(r) && outInterface(r) === 'lo') {
      // 127.0.0.6 / ::6: Envoy's inbound passthrough source, always written.
    } else if (returns(r) && destination(r) && onlyKinds(r, ['destination'])) {
      ownersDone = true;
      if (out.loopback === undefined) out.loopback = cidrText(destination(r)!);
      else out.excludes.push(cidrText(destination(r)!));
    } else if (jumpsTo(r, 'ISTIO_REDIRECT')) {
      if (port !== undefined && proto === 'tcp') out.portIncludes.push(String(port));
      else if (destination(r)) out.includes.push(cidrText(destination(r)!));
      else if (r.matches.length === 0) out.includeAll = true;
    }
  }
  return out;
}

function readOwnerRule(
  r: Rule,
  o: ReturnType<typeof owners>,
  f: Features,
  out: OutboundReading,
  redirectGids: Set<string>,
): void {
  const first = o[0]!;
  if (jumpsTo(r, 'ISTIO_IN_REDIRECT') && !first.negated) {
    if (first.which === 'gid') redirectGids.add(first.value);
  } else if (returns(r) && outInterface(r) === 'lo' && first.negated && o.length === 1) {
    out.sawLoReturn = true;
    if (carvesOut53(r)) out.dnsCarveOut = true;
  } else if (returns(r) && o.length === 1 && !first.negated && onlyKinds(r, ['owner'])) {
    if (first.which === 'uid') out.uids.push(first.value);
    else if (!f.builder || redirectGids.has(first.value)) out.gids.push(first.value);
    else out.groupsExclude.push(first.value);
  } else if (returns(r) && o.every((x) => x.which === 'gid' && x.negated) && onlyKinds(r, ['owner'])) {
    out.groupsInclude = o.map((x) => x.value);
  }
}

/** DNS: the servers of the 15053 redirects in every nat chain, and whether one redirect has no destination. */
export function readDns(rs: Ruleset | undefined): { on: boolean; all: boolean; servers: string[] } {
  const servers: string[] = [];
  let on = false;
  let all = false;
  for (const t of rs?.tables ?? []) {
    if (t.name !== 'nat') continue;
    for (const c of t.chains) {
      for (const r of c.rules) {
        if (redirectPort(r) !== 15053 || dport(r) !== 53) continue;
        on = true;
        const d = destination(r);
        if (!d) all = true;
        else if (!servers.includes(formatAddr(d.addr))) servers.push(formatAddr(d.addr));
      }
    }
  }
  return { on, all, servers };
}
