// What the kernel should show for a model hop's landing, given the oracle's namespaces (oracle/topology.ts). The
// model stops at the pod's edge ("left the pod to 10.250.0.3:8080"); in the oracle something is on the other side,
// so "left the pod" becomes: accepted by a remote listener, refused by the remote namespace, or never answered
// (nobody owns the address: the SYN is lost to a failed ARP or to the remote's routing).
import { type Addr, addrEquals, cidrContains, isLoopback, parseAddr, parseCidr } from '../model/net/index.ts';
import { type EndpointJson, endpointJson, type Landing } from '../model/trace/index.ts';
import { FUZZ_TOPOLOGY } from './fuzz/topology.ts';
import type { OracleListeners } from './replay-trace-listeners.ts';
import {
  INBOUND_PASSTHROUGH_SRC6,
  ISTIOD_ADDR,
  LINK_PREFIX_LEN,
  OUTSIDE_ACTOR_ADDRS,
  POD_ADDR,
  REMOTE_ADDR,
  REMOTE_SERVICE_VIP,
  SERVICE_CIDR,
  SERVICE_VIP,
} from './topology.ts';

// The oracle speaks the harness's language: addresses as text, the way the kernel tools print them.
type Endpoint = EndpointJson;

export type ExpectedLanding =
  /** origDst is absent for a listener in the remote namespace (no NAT there, so no conntrack entry to read). */
  | { readonly kind: 'accepted'; readonly listener: string; readonly local: Endpoint; readonly origDst?: Endpoint }
  | { readonly kind: 'refused' }
  /** The SYN left and nobody answered: the harness's dial times out (or the neighbour lookup fails). */
  | { readonly kind: 'unanswered' }
  /** connect() fails before sending anything, with this errno code. */
  | { readonly kind: 'error'; readonly code: string };

const V6 = FUZZ_TOPOLOGY.ipv6;

/**
 * Addresses the remote namespace owns (eth1 and its lo): IPv4's, and IPv6's in an IPv6 session (createFuzzPair's
 * addresses, oracle/fuzz/topology.ts). An IPv4 session never plans an IPv6 hop, so one set serves both.
 */
export const REMOTE_OWNED: ReadonlySet<string> = new Set([
  REMOTE_ADDR,
  SERVICE_VIP,
  ISTIOD_ADDR,
  REMOTE_SERVICE_VIP,
  ...OUTSIDE_ACTOR_ADDRS,
  ...V6.remoteLinkAddrs,
  ...V6.serviceVips,
]);
const LINK = parseCidr(`${POD_ADDR}/${LINK_PREFIX_LEN}`);
const SERVICES = parseCidr(SERVICE_CIDR);
const POD = parseAddr(POD_ADDR);
const LINK6 = parseCidr(`${V6.podAddr}/${V6.linkPrefix}`);
const SERVICES6 = parseCidr(V6.serviceCidr);
const POD_LOCAL6: readonly Addr[] = [parseAddr(V6.podAddr), parseAddr(INBOUND_PASSTHROUGH_SRC6)];

/**
 * The pod namespace's routes: lo for its own addresses, eth0 for the link and the Service range, nothing else. IPv6
 * routes exist in an IPv6 session only (its pod also holds ::6 on lo, session.ts).
 */
export function oraclePodRoute(a: Addr): 'lo' | 'eth0' | null {
  if (a.family === 'ipv6') {
    if (isLoopback(a) || POD_LOCAL6.some((p) => addrEquals(a, p))) return 'lo';
    return cidrContains(LINK6, a) || cidrContains(SERVICES6, a) ? 'eth0' : null;
  }
  if (isLoopback(a) || addrEquals(a, POD)) return 'lo';
  return cidrContains(LINK, a) || cidrContains(SERVICES, a) ? 'eth0' : null;
}

/** Where a connection that left the pod for dst ends in the oracle. */
export function remoteLanding(dst: Endpoint, listeners: OracleListeners): ExpectedLanding {
  if (!REMOTE_OWNED.has(dst.addr)) return { kind: 'unanswered' };
  const wildcard = dst.addr.includes(':') ? '::' : '0.0.0.0';
  const l = listeners.specs.find(
    (s) => s.where === 'remote' && s.port === dst.port && (s.addr === wildcard || s.addr === dst.addr),
  );
  return l ? { kind: 'accepted', listener: l.name, local: dst } : { kind: 'refused' };
}

/** The errno a model "dropped" reason names (EINVAL, ENETUNREACH...), if it is a connect() failure. */
export function errnoOf(reason: string): string | undefined {
  return /\b(E[A-Z]{3,})\b/.exec(reason)?.[1];
}

export type LandingExpectation =
  | { readonly ok: true; readonly expect: ExpectedLanding }
  | { readonly ok: false; readonly code: 'no-stand-in' | 'undetermined'; readonly reason: string };

export function expectedLanding(landed: Landing, listeners: OracleListeners): LandingExpectation {
  switch (landed.kind) {
    case 'listener': {
      const listener = listeners.nameOf.get(landed.listener);
      if (!listener) return { ok: false, code: 'no-stand-in', reason: `no stand-in for ${landed.listener}` };
      const local = endpointJson(landed.local);
      return { ok: true, expect: { kind: 'accepted', listener, local, origDst: endpointJson(landed.originalDst) } };
    }
    case 'left-pod':
      return { ok: true, expect: remoteLanding(endpointJson(landed.dst), listeners) };
    case 'refused':
      return { ok: true, expect: { kind: 'refused' } };
    case 'dropped': {
      // A connect() failure has an errno; anything else the model drops is a SYN netfilter discards: never answered.
      const code = errnoOf(landed.reason);
      return { ok: true, expect: code ? { kind: 'error', code } : { kind: 'unanswered' } };
    }
    case 'undetermined':
      return { ok: false, code: 'undetermined', reason: landed.reason };
    default: {
      const never: never = landed;
      throw new Error(`unknown landing ${JSON.stringify(never)}`);
    }
  }
}
