// What every generator step reads: the builder, the configuration, the version's features, and the values run.go
// computes once at the start of Run (the CIDR lists split by family, the loopback CIDR, whether DNS capture is on).
import { maskedPrefixString, prefixString } from '../config/cidr-text.ts';
import { ownerText } from '../config/print.ts';
import type { IstioCidr, IstioConfig } from '../config/types.ts';
import type { RuleBuilder } from './builder.ts';
import type { Features } from './features.ts';

/** config.NetworkRange: one family's share of -i or -x. */
export interface NetworkRange {
  readonly wildcard: boolean;
  readonly cidrs: readonly IstioCidr[];
  /** A CIDR whose address (not network) is loopback. */
  readonly hasLoopback: boolean;
}

export interface Ctx {
  readonly b: RuleBuilder;
  readonly c: IstioConfig;
  readonly f: Features;
  /** The IPv4 loopback CIDR of the rules: ISTIO_OUTBOUND_IPV4_LOOPBACK_CIDR from 1.21, 127.0.0.1/32 before. */
  readonly lo: string;
  readonly redirectDns: boolean;
  readonly include: { readonly v4: NetworkRange; readonly v6: NetworkRange };
  readonly exclude: { readonly v4: NetworkRange; readonly v6: NetworkRange };
  readonly uids: readonly string[];
  readonly gids: readonly string[];
}

/** SeparateV4V6 (tools/common/config/config.go): "*" is a wildcard for both families. */
export function separate(all: boolean, cidrs: readonly IstioCidr[]): { v4: NetworkRange; v6: NetworkRange } {
  const one = (family: 'ipv4' | 'ipv6'): NetworkRange => {
    const mine = cidrs.filter((c) => c.family === family);
    const hasLoopback = mine.some((c) =>
      family === 'ipv4' ? c.addr.words[0]! >>> 24 === 127 : c.addr.words.every((w, i) => w === (i === 3 ? 1 : 0)),
    );
    return { wildcard: all, cidrs: all ? [] : mine, hasLoopback: !all && hasLoopback };
  };
  return { v4: one('ipv4'), v6: one('ipv6') };
}

export function cidrText(ctx: Ctx, c: IstioCidr): string {
  return ctx.f.cidrText === 'as-written' ? prefixString(c) : maskedPrefixString(c);
}

export function newCtx(b: RuleBuilder, c: IstioConfig, f: Features, redirectDns: boolean): Ctx {
  const inc = c.outboundIpRangesInclude;
  return {
    b,
    c,
    f,
    lo: f.loopbackCidr ? c.hostIpv4LoopbackCidr : '127.0.0.1/32',
    redirectDns,
    include: separate(inc.kind === 'all', inc.kind === 'all' ? [] : inc.items),
    exclude: separate(false, c.outboundIpRangesExclude),
    uids: c.proxyUid.map(ownerText),
    gids: c.proxyGid.map(ownerText),
  };
}
