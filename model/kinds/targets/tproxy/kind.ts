// TPROXY (net/netfilter/xt_TPROXY.c) hands the packet to a transparent listener without changing its addresses.
import { appliesKind, noMutants, type TargetEffect, type TargetKindModule } from '../../target-kind.ts';
import { tproxyIptables } from './iptables.ts';

const tproxyEffect: TargetEffect<'tproxy'> = {
  apply(t, _hook, p, host) {
    // xt_TPROXY tproxy_tg4: local address is --on-ip, else the incoming interface's primary address, else the
    // packet's destination; without a transparent listener there the packet is dropped.
    const localAddr = t.onIp ?? host.primaryAddress(p.inIface, p.family) ?? p.dst;
    const port = t.onPort === 0 ? p.dport : t.onPort;
    if (!host.tproxyListener(localAddr, port, p)) {
      // nft_tproxy.c: no socket, `regs->verdict.code = NFT_BREAK`: the rule ends and the chain goes on.
      if (t.nft) return { nftBreak: true };
      return { drop: `TPROXY: no transparent listener on port ${port}` };
    }
    return { effect: { kind: 'tproxy', localAddr, port, ...(t.mark ? { mark: t.mark } : {}) } };
  },
  constant: () => null,
};

export const tproxy: TargetKindModule<'tproxy'> = {
  continuing: false,
  effect: tproxyEffect,
  purpose: appliesKind,
  constants(t, sink) {
    sink.port(t.onPort);
  },
  mutants: noMutants,
  // xt_TPROXY.c tproxy_tg4_check enables defragmentation only, not conntrack (measured on Linux 6.18).
  conntrack: 'does-not-use',
  iptables: tproxyIptables,
};
