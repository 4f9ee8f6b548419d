// The steps of capture/run.go that shape traffic going out, for the builder era (1.5+): the OUTPUT jump, port
// exclusions, the proxy's own uid/gid blocks, owner groups, the loopback and excluded ranges, and the captures.
import { ownerText } from '../config/print.ts';
import { VERSIONED } from './builder.ts';
import { type Ctx, cidrText, type NetworkRange } from './context.ts';

export function outputJump({ b, f }: Ctx): void {
  if (f.outputJumpTcpOnly) b.log('JumpOutbound').append('OUTPUT', 'nat', '-p', 'tcp', '-j', 'ISTIO_OUTPUT');
  else b.append('OUTPUT', 'nat', '-j', 'ISTIO_OUTPUT');
}

/** -o: RETURN at the top of ISTIO_OUTPUT, for UDP too from 1.25. */
export function outboundPortExclusions({ b, c, f }: Ctx): void {
  for (const port of c.outboundPortsExclude.map(String)) {
    b.append('ISTIO_OUTPUT', 'nat', '-p', 'tcp', '--dport', port, '-j', 'RETURN');
    if (f.outboundPortsExcludeUdp) b.append('ISTIO_OUTPUT', 'nat', '-p', 'udp', '--dport', port, '-j', 'RETURN');
  }
}

/** 127.0.0.6 (::6) is the source Envoy binds for inbound passthrough and pilot-agent's probes. */
export function inboundPassthroughReturn({ b }: Ctx): void {
  b.appendVersioned('127.0.0.6/32', '::6/128', 'ISTIO_OUTPUT', 'nat', '-o', 'lo', '-s', VERSIONED, '-j', 'RETURN');
}

/**
 * Three rules per uid, then per gid: (a) the proxy's loopback traffic to a non-loopback address goes to the inbound
 * listener, (b) anyone else's loopback traffic returns (dropped when -i holds a loopback CIDR), (c) the proxy's
 * traffic returns. With DNS capture, port 53 is carved out of (a) for uids only, and out of (b) for both.
 */
export function ownerBlocks(ctx: Ctx): void {
  const { b, c, f } = ctx;
  const tunnel = String(c.inboundTunnelPort);
  const keepLoReturn = !f.loopbackIncludeDropsLoReturn || !(ctx.include.v4.hasLoopback || ctx.include.v6.hasLoopback);
  for (const [option, ids] of [['--uid-owner', ctx.uids] as const, ['--gid-owner', ctx.gids] as const]) {
    for (const id of ids) {
      const dnsOnA = ctx.redirectDns && option === '--uid-owner';
      let ports: string[] = [];
      if (f.tunnelExcludedFromOwnerRedirect) {
        ports = dnsOnA
          ? ['-p', 'tcp', '-m', 'multiport', '!', '--dports', `53,${tunnel}`]
          : ['-p', 'tcp', '!', '--dport', tunnel];
      } else if (dnsOnA) ports = ['-p', 'tcp', '!', '--dport', '53'];
      b.appendVersioned(
        ctx.lo,
        '::1/128',
        'ISTIO_OUTPUT',
        'nat',
        '-o',
        'lo',
        '!',
        '-d',
        VERSIONED,
        ...ports,
        '-m',
        'owner',
        option,
        id,
        '-j',
        'ISTIO_IN_REDIRECT',
      );
      if (keepLoReturn) {
        const dns = ctx.redirectDns ? ['-p', 'tcp', '!', '--dport', '53'] : [];
        b.append('ISTIO_OUTPUT', 'nat', '-o', 'lo', ...dns, '-m', 'owner', '!', option, id, '-j', 'RETURN');
      }
      b.append('ISTIO_OUTPUT', 'nat', '-m', 'owner', option, id, '-j', 'RETURN');
    }
  }
}

/** handleCaptureByOwnerGroup (1.14+): RETURN per excluded group, or one RETURN unless the owner is an included group. */
export function ownerGroupRules({ b, c }: Ctx): void {
  const include = c.ownerGroupsInclude;
  if (include.kind === 'all') {
    for (const g of c.ownerGroupsExclude)
      b.append('ISTIO_OUTPUT', 'nat', '-m', 'owner', '--gid-owner', ownerText(g), '-j', 'RETURN');
    return;
  }
  const noneOf = include.items.flatMap((g) => ['-m', 'owner', '!', '--gid-owner', ownerText(g)]);
  b.append('ISTIO_OUTPUT', 'nat', ...noneOf, '-j', 'RETURN');
}

export function loopbackReturn(ctx: Ctx): void {
  ctx.b.appendVersioned(ctx.lo, '::1/128', 'ISTIO_OUTPUT', 'nat', '-d', VERSIONED, '-j', 'RETURN');
}

export function excludedRanges(ctx: Ctx): void {
  for (const cidr of ctx.exclude.v4.cidrs)
    ctx.b.appendV4('ISTIO_OUTPUT', 'nat', '-d', cidrText(ctx, cidr), '-j', 'RETURN');
  for (const cidr of ctx.exclude.v6.cidrs)
    ctx.b.appendV6('ISTIO_OUTPUT', 'nat', '-d', cidrText(ctx, cidr), '-j', 'RETURN');
}

/** handleOutboundPortsInclude (-q, 1.7+). */
export function outboundPortCaptures({ b, c }: Ctx): void {
  for (const port of c.outboundPortsInclude.map(String)) {
    b.append('ISTIO_OUTPUT', 'nat', '-p', 'tcp', '--dport', port, '-j', 'ISTIO_REDIRECT');
  }
}

/**
 * handleOutboundIncludeRules for one family: "*" captures the rest (and each -k interface's inbound traffic);
 * CIDRs capture their destinations (until 1.23, followed by a RETURN that ends the chain for everything else).
 */
export function includedRanges(ctx: Ctx, family: 'v4' | 'v6'): void {
  const range: NetworkRange = ctx.include[family];
  const append = (...p: string[]) =>
    family === 'v4' ? ctx.b.appendV4('ISTIO_OUTPUT', 'nat', ...p) : ctx.b.appendV6('ISTIO_OUTPUT', 'nat', ...p);
  const insert = (...p: string[]) => {
    ctx.b.log('KubevirtCommand');
    return family === 'v4'
      ? ctx.b.insertV4('PREROUTING', 'nat', 1, ...p)
      : ctx.b.insertV6('PREROUTING', 'nat', 1, ...p);
  };
  if (range.wildcard) {
    append('-j', 'ISTIO_REDIRECT');
    for (const nic of ctx.c.rerouteVirtualInterfaces) insert('-i', nic, '-j', 'ISTIO_REDIRECT');
  } else if (range.cidrs.length > 0) {
    for (const cidr of range.cidrs) {
      const text = cidrText(ctx, cidr);
      for (const nic of ctx.c.rerouteVirtualInterfaces) insert('-i', nic, '-d', text, '-j', 'ISTIO_REDIRECT');
      append('-d', text, '-j', 'ISTIO_REDIRECT');
    }
    if (ctx.f.trailingReturn) append('-j', 'RETURN');
  }
}
