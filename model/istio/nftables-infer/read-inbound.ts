// Reading the inbound half of a configuration back from native nftables rules, as tools/istio-nftables/pkg/capture/
// run.go at istio/istio 86c9f01 writes it (model/istio/nftables/inbound.ts): the proxy ports from nat's
// istio-redirect and istio-in-redirect, the tunnel port from nat istio-inbound's first rule, TPROXY (mode, mark,
// port) from the mangle table, -b and -d from the jump into istio-inbound and that chain's rules, -c and -k from the
// interface rules of the nat base chains.
import type { Rule, Ruleset } from '../../rules/index.ts';
import type { RawConfig } from '../config/raw.ts';
import { dport, inInterface, jumpsTo, nftChain, outInterface, redirectPort, returns } from './shape.ts';

const NAT = 'istio-proxy-nat';
const MANGLE = 'istio-proxy-mangle';

function readTproxy(rs: Ruleset, raw: RawConfig): boolean {
  // tproxyMarks always inserts `mark N return` at the top of mangle istio-inbound, even with no inbound port.
  const guards = nftChain(rs, MANGLE, 'istio-inbound');
  const divert = nftChain(rs, MANGLE, 'istio-divert');
  const tproxy = guards.length > 0 || divert.length > 0 || nftChain(rs, MANGLE, 'istio-tproxy').length > 0;
  raw.interceptionMode = tproxy ? 'TPROXY' : 'REDIRECT';
  if (!tproxy) return false;
  const setMark = divert.find((r) => r.target.kind === 'mark');
  const markGuard = guards.find((r) => returns(r) && r.matches.some((m) => m.kind === 'mark' && !m.negated));
  const mark = markGuard?.matches.find((m) => m.kind === 'mark');
  if (setMark?.target.kind === 'mark') raw.tproxyMark = String(setMark.target.value);
  else if (mark?.kind === 'mark') raw.tproxyMark = String(mark.value);
  const on = nftChain(rs, MANGLE, 'istio-tproxy').find((r) => r.target.kind === 'tproxy');
  if (on?.target.kind === 'tproxy') raw.inboundCapturePort = String(on.target.onPort);
  return true;
}

/** The guards tproxyMarks inserts at the top of mangle istio-inbound: the mark, 127.0.0.6 (::6) and lo returns. */
const isTproxyGuard = (r: Rule): boolean =>
  returns(r) && r.matches.some((m) => m.kind === 'mark' || m.kind === 'source' || m.kind === 'in-interface');

export function readInbound(rs: Ruleset, raw: RawConfig, notes: string[]): void {
  const proxy = nftChain(rs, NAT, 'istio-redirect')
    .map(redirectPort)
    .find((p) => p !== undefined);
  if (proxy !== undefined) raw.proxyPort = String(proxy);
  const capture = nftChain(rs, NAT, 'istio-in-redirect')
    .map(redirectPort)
    .find((p) => p !== undefined);
  if (capture !== undefined) raw.inboundCapturePort = String(capture);
  let natInbound = [...nftChain(rs, NAT, 'istio-inbound')];
  const tunnel = natInbound[0];
  if (tunnel && returns(tunnel) && dport(tunnel) !== undefined) {
    raw.inboundTunnelPort = String(dport(tunnel));
    natInbound = natInbound.slice(1);
  }
  const tproxy = readTproxy(rs, raw);
  if (tproxy)
    notes.push('INBOUND_TPROXY_ROUTE_TABLE is not in any nftables rule (ip rule uses it): the default 133 is assumed');
  const table = tproxy ? MANGLE : NAT;
  const jumped = nftChain(rs, table, 'prerouting').some((r) => jumpsTo(r, 'istio-inbound'));
  if (!jumped) {
    raw.inboundPortsInclude = '';
    return;
  }
  const rest = tproxy ? nftChain(rs, MANGLE, 'istio-inbound').filter((r) => !isTproxyGuard(r)) : natInbound;
  const target = tproxy ? 'istio-tproxy' : 'istio-in-redirect';
  if (rest.some((r) => jumpsTo(r, target) && dport(r) === undefined)) {
    raw.inboundPortsInclude = '*';
    raw.inboundPortsExclude = rest
      .filter((r) => returns(r) && dport(r) !== undefined)
      .map((r) => String(dport(r)))
      .join(',');
    return;
  }
  raw.inboundPortsInclude = rest
    .filter((r) => jumpsTo(r, target) && dport(r) !== undefined)
    .map((r) => String(dport(r)))
    .join(',');
  notes.push(
    'INBOUND_PORTS_EXCLUDE cannot be read back when the included ports are a list (istio-nftables ignores it): none assumed',
  );
}

/**
 * -c: an interface whose `iifname … return` in nat prerouting has its `oifname … return` twin in nat output (appended
 * in order); -k: the other `iifname … return` rules, which istio-nftables inserts at index 0 one after the other, so
 * the chain lists them last first.
 */
export function readInterfaces(rs: Ruleset, raw: RawConfig): void {
  const outputs = nftChain(rs, NAT, 'output').flatMap((r) =>
    returns(r) && r.matches.length === 1 && outInterface(r) ? [outInterface(r)!] : [],
  );
  raw.excludeInterfaces = [...new Set(outputs)].join(',');
  const virtual = nftChain(rs, NAT, 'prerouting').flatMap((r) => {
    const nic = inInterface(r);
    return nic && returns(r) && r.matches.length === 1 && !outputs.includes(nic) ? [nic] : [];
  });
  raw.rerouteVirtualInterfaces = [...new Set(virtual)].reverse().join(',');
}
