// Reading the inbound half of a configuration back from rules: -b and -d from ISTIO_INBOUND (nat, or mangle under
// TPROXY), -e from nat ISTIO_INBOUND's first rule, -m and -t from the mangle chains, -c and -k from nat PREROUTING.
import type { Ruleset } from '../../rules/index.ts';
import type { RawConfig } from '../config/raw.ts';
import type { Features } from '../generate/features.ts';
import { chainRules, dport, hasChain, inInterface, jumpsTo, outInterface, protocol, returns } from './shape.ts';

export function readInbound(v4: Ruleset, f: Features, raw: RawConfig, notes: string[]): void {
  const tproxy = hasChain(v4, 'mangle', 'ISTIO_TPROXY') || hasChain(v4, 'mangle', 'ISTIO_DIVERT');
  raw.interceptionMode = tproxy ? 'TPROXY' : 'REDIRECT';
  const proxy = chainRules(v4, 'nat', 'ISTIO_REDIRECT')[0];
  if (proxy?.target.kind === 'redirect' && proxy.target.toPorts) raw.proxyPort = String(proxy.target.toPorts.from);
  const mark = chainRules(v4, 'mangle', 'ISTIO_DIVERT').find((r) => r.target.kind === 'mark');
  if (mark?.target.kind === 'mark') raw.tproxyMark = String(mark.target.value);
  if (tproxy)
    notes.push('INBOUND_TPROXY_ROUTE_TABLE is not in any iptables rule (ip rule uses it): the default 133 is assumed');

  const natInbound = chainRules(v4, 'nat', 'ISTIO_INBOUND');
  let rest = [...natInbound];
  if (f.tunnelPort && rest[0] && returns(rest[0]) && dport(rest[0]) !== undefined) {
    raw.inboundTunnelPort = String(dport(rest[0]));
    rest = rest.slice(1);
  }
  const table = tproxy ? 'mangle' : 'nat';
  const jumped = chainRules(v4, table, 'PREROUTING').some((r) => jumpsTo(r, 'ISTIO_INBOUND') && protocol(r) === 'tcp');
  if (tproxy) rest = chainRules(v4, 'mangle', 'ISTIO_INBOUND').filter((r) => !isTproxyGuard(r));
  readCapturePort(v4, f, raw, tproxy);
  if (!jumped) {
    raw.inboundPortsInclude = '';
    return;
  }
  const capture = tproxy ? 'ISTIO_TPROXY' : 'ISTIO_IN_REDIRECT';
  const all = rest.some((r) => jumpsTo(r, capture) && dport(r) === undefined);
  if (all) {
    let excludes = rest.filter((r) => returns(r) && dport(r) !== undefined).map((r) => String(dport(r)));
    if (f.sshExclusion && excludes[0] === '22') excludes = excludes.slice(1);
    raw.inboundPortsInclude = '*';
    raw.inboundPortsExclude = excludes.join(',');
  } else {
    const ports = rest.filter((r) => jumpsTo(r, capture) && dport(r) !== undefined).map((r) => String(dport(r)));
    raw.inboundPortsInclude = ports.join(',');
    notes.push(
      'INBOUND_PORTS_EXCLUDE cannot be read back when the included ports are a list (istio-iptables ignores it): none assumed',
    );
  }
}

/** -z: ISTIO_IN_REDIRECT's port, except in 1.4 and 1.5 where a port list redirects to -p instead. */
function readCapturePort(v4: Ruleset, f: Features, raw: RawConfig, tproxy: boolean): void {
  const on = chainRules(v4, 'mangle', 'ISTIO_TPROXY')[0];
  if (tproxy && on?.target.kind === 'tproxy') {
    raw.inboundCapturePort = String(on.target.onPort);
    return;
  }
  const inRedirect = chainRules(v4, 'nat', 'ISTIO_IN_REDIRECT')[0];
  const port = inRedirect?.target.kind === 'redirect' ? inRedirect.target.toPorts?.from : undefined;
  const all = chainRules(v4, 'nat', 'ISTIO_INBOUND').some(
    (r) => jumpsTo(r, 'ISTIO_IN_REDIRECT') && dport(r) === undefined,
  );
  if (port !== undefined && !(f.inRedirectToProxyPortUnlessAll && !all)) raw.inboundCapturePort = String(port);
}

/** The three rules TPROXY mode inserts at the top of mangle ISTIO_INBOUND (mark, 127.0.0.6, loopback). */
function isTproxyGuard(r: ReturnType<typeof chainRules>[number]): boolean {
  return returns(r) && r.matches.some((m) => m.kind === 'mark' || m.kind === 'source' || m.kind === 'in-interface');
}

/** -c: a PREROUTING RETURN for an interface with the same OUTPUT RETURN; -k: the other interface RETURNs (reversed). */
export function readInterfaces(v4: Ruleset, raw: RawConfig): void {
  const outputs = new Set(
    chainRules(v4, 'nat', 'OUTPUT').flatMap((r) => (returns(r) && outInterface(r) ? [outInterface(r)!] : [])),
  );
  const exclude: string[] = [];
  const virt: string[] = [];
  for (const r of chainRules(v4, 'nat', 'PREROUTING')) {
    const nic = inInterface(r);
    if (!nic) continue;
    if (returns(r) && r.matches.length === 1) (outputs.has(nic) ? exclude : virt).push(nic);
    else if (jumpsTo(r, 'ISTIO_REDIRECT') && !virt.includes(nic) && !exclude.includes(nic)) virt.push(nic);
  }
  raw.excludeInterfaces = exclude.join(',');
  // Inserted at position 1 one after the other, so the chain lists them last first.
  const returnsOnly = chainRules(v4, 'nat', 'PREROUTING').filter(
    (r) => returns(r) && r.matches.length === 1 && !outputs.has(inInterface(r) ?? ''),
  );
  const order = returnsOnly.length > 0 ? returnsOnly.map((r) => inInterface(r)!) : virt;
  raw.rerouteVirtualInterfaces = [...new Set(order)].reverse().join(',');
}
