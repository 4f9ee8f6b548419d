// istio-iptables 1.4 (tools/istio-iptables/pkg/cmd/run.go at 1.4.0, c4def934e4f): no rule builder yet; each
// command runs as soon as it is reached, chains are created with explicit -N commands, and the IPv4 path is the only
// one modelled. Differences from 1.5 on: loopback traffic to a non-127.0.0.1 address goes to ISTIO_IN_REDIRECT
// whatever its owner (the 9-rule chain came with b48ff15218b, #19308, in 1.5); ISTIO_IN_REDIRECT redirects to -p
// unless -b is "*"; without IPv6, 1.4 replaces ip6tables' filter INPUT with "established, loopback, reject".

import { ownerText } from '../config/print.ts';
import type { IstioConfig } from '../config/types.ts';
import type { PlannedRule } from './builder.ts';
import { RuleBuilder } from './builder.ts';
import { cidrText, newCtx } from './context.ts';
import { featuresOf } from './features.ts';
import type { Command } from './plan.ts';

/** 1.4's commands: IPv4 in execution order (chain creations included), then the ip6tables filter commands. */
export function runLegacy14(c: IstioConfig): { v4: Command[]; v6: Command[] } {
  const f = featuresOf('1.4');
  const ctx = newCtx(new RuleBuilder(false, false), c, f, false);
  const out: Command[] = [];
  const chain = (name: string) => out.push({ kind: 'new-chain', table: 'nat', chain: name });
  const a = (table: PlannedRule['table'], ch: string, ...params: string[]) =>
    out.push({ kind: 'rule', rule: { table, chain: ch, op: 'append', params } });
  const i1 = (...params: string[]) =>
    out.push({ kind: 'rule', rule: { table: 'nat', chain: 'PREROUTING', op: 'insert', position: 1, params } });
  const port = (n: number) => String(n);

  chain('ISTIO_REDIRECT');
  a('nat', 'ISTIO_REDIRECT', '-p', 'tcp', '-j', 'REDIRECT', '--to-port', port(c.proxyPort));
  chain('ISTIO_IN_REDIRECT');
  const all = c.inboundPortsInclude.kind === 'all';
  a(
    'nat',
    'ISTIO_IN_REDIRECT',
    '-p',
    'tcp',
    '-j',
    'REDIRECT',
    '--to-port',
    port(all ? c.inboundCapturePort : c.proxyPort),
  );
  const include = c.inboundPortsInclude;
  if (include.kind === 'all' || include.items.length > 0) {
    chain('ISTIO_INBOUND');
    a('nat', 'PREROUTING', '-p', 'tcp', '-j', 'ISTIO_INBOUND');
    if (include.kind === 'all') {
      a('nat', 'ISTIO_INBOUND', '-p', 'tcp', '--dport', '22', '-j', 'RETURN');
      for (const p of c.inboundPortsExclude) a('nat', 'ISTIO_INBOUND', '-p', 'tcp', '--dport', port(p), '-j', 'RETURN');
      a('nat', 'ISTIO_INBOUND', '-p', 'tcp', '-j', 'ISTIO_IN_REDIRECT');
    } else {
      for (const p of include.items)
        a('nat', 'ISTIO_INBOUND', '-p', 'tcp', '--dport', port(p), '-j', 'ISTIO_IN_REDIRECT');
    }
  }
  chain('ISTIO_OUTPUT');
  a('nat', 'OUTPUT', '-p', 'tcp', '-j', 'ISTIO_OUTPUT');
  for (const p of c.outboundPortsExclude) a('nat', 'ISTIO_OUTPUT', '-p', 'tcp', '--dport', port(p), '-j', 'RETURN');
  a('nat', 'ISTIO_OUTPUT', '-o', 'lo', '-s', '127.0.0.6/32', '-j', 'RETURN');
  // Skipped when DISABLE_REDIRECTION_ON_LOCAL_LOOPBACK is set (a 1.4-only env variable the model does not read).
  a('nat', 'ISTIO_OUTPUT', '-o', 'lo', '!', '-d', '127.0.0.1/32', '-j', 'ISTIO_IN_REDIRECT');
  for (const u of c.proxyUid) a('nat', 'ISTIO_OUTPUT', '-m', 'owner', '--uid-owner', ownerText(u), '-j', 'RETURN');
  for (const g of c.proxyGid) a('nat', 'ISTIO_OUTPUT', '-m', 'owner', '--gid-owner', ownerText(g), '-j', 'RETURN');
  a('nat', 'ISTIO_OUTPUT', '-d', '127.0.0.1/32', '-j', 'RETURN');
  for (const x of ctx.exclude.v4.cidrs) a('nat', 'ISTIO_OUTPUT', '-d', cidrText(ctx, x), '-j', 'RETURN');
  for (const nic of c.rerouteVirtualInterfaces) i1('-i', nic, '-j', 'RETURN');
  if (ctx.include.v4.wildcard) {
    a('nat', 'ISTIO_OUTPUT', '-j', 'ISTIO_REDIRECT');
    for (const nic of c.rerouteVirtualInterfaces) i1('-i', nic, '-j', 'ISTIO_REDIRECT');
  } else if (ctx.include.v4.cidrs.length > 0) {
    for (const cidr of ctx.include.v4.cidrs) {
      for (const nic of c.rerouteVirtualInterfaces) i1('-i', nic, '-d', cidrText(ctx, cidr), '-j', 'ISTIO_REDIRECT');
      a('nat', 'ISTIO_OUTPUT', '-d', cidrText(ctx, cidr), '-j', 'ISTIO_REDIRECT');
    }
    a('nat', 'ISTIO_OUTPUT', '-j', 'RETURN');
  }
  const v6: Command[] = [{ kind: 'flush', table: 'filter', chain: 'INPUT' }];
  const filter = (...params: string[]) =>
    v6.push({ kind: 'rule', rule: { table: 'filter', chain: 'INPUT', op: 'append', params } });
  filter('-m', 'state', '--state', 'ESTABLISHED', '-j', 'ACCEPT');
  filter('-i', 'lo', '-d', '::1', '-j', 'ACCEPT');
  filter('-j', 'REJECT');
  return { v4: out, v6 };
}
