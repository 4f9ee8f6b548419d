// TPROXY `--on-port`, `--on-ip`, `--tproxy-mark value[/mask]` (libxt_TPROXY.c, net/netfilter/xt_TPROXY.c).
import {
  addrOf,
  bad,
  formatInet,
  given,
  hex,
  parseMarkMask,
  parsePort,
  protocolIs,
  type TargetModule,
} from '../../../syntax/index.ts';
import { type TargetKindIptables, words } from '../../target-kind.ts';

export const TPROXY: TargetModule = {
  options: [
    { name: '--on-port', arity: 1 },
    { name: '--on-ip', arity: 1 },
    { name: '--tproxy-mark', arity: 1 },
  ],
  compile(options, ctx) {
    const portOption = given(options, '--on-port');
    if (!portOption) {
      ctx.report('missing-argument', ctx.at, 'TPROXY needs --on-port');
      return undefined;
    }
    // tproxy_tg4_check: "Can be used only with -p tcp or -p udp".
    if (!protocolIs(ctx, [6, 17])) {
      ctx.report('illegal-option', ctx.at, 'TPROXY needs -p tcp or -p udp (the kernel refuses it otherwise)');
      return undefined;
    }
    const portToken = portOption.values[0]!;
    const onPort = parsePort(portToken.text);
    if (onPort === undefined) return bad(ctx, portToken, `bad port ${JSON.stringify(portToken.text)}`);
    const ipOption = given(options, '--on-ip');
    const onIp = ipOption && addrOf(ipOption.values[0]!, ipOption.values[0]!.text, ctx.family, ctx.report);
    if (ipOption && !onIp) return undefined;
    const markOption = given(options, '--tproxy-mark');
    const mark = markOption && parseMarkMask(markOption.values[0]!.text);
    if (markOption && !mark) return bad(ctx, markOption.values[0]!, 'bad --tproxy-mark (value[/mask])');
    return {
      kind: 'tproxy',
      onPort,
      ...(onIp ? { onIp } : {}),
      ...(mark ? { mark: { value: mark.value, mask: mark.mask } } : {}),
    };
  },
};

// One deliberate difference from iptables-save: --on-ip and --tproxy-mark are printed only when the rule has them,
// because the rule alone does not say which family's wildcard address iptables-save would print for an absent --on-ip.
export const tproxyIptables: TargetKindIptables<'tproxy'> = {
  modules: { TPROXY },
  print: (t) =>
    words(
      `-j TPROXY --on-port ${t.onPort}`,
      t.onIp && `--on-ip ${formatInet(t.onIp)}`,
      t.mark && `--tproxy-mark ${hex(t.mark.value)}/${hex(t.mark.mask)}`,
    ),
};
