// TPROXY (net/netfilter/xt_TPROXY.c) hands the packet to a transparent listener without changing its addresses; its
// effect needs the host's listeners and stays with the traversal (model/kernel/targets.ts).
import { appliesKind, noMutants, type TargetKindModule } from '../../target-kind.ts';
import { tproxyIptables } from './iptables.ts';

export const tproxy: TargetKindModule<'tproxy'> = {
  continuing: false,
  purpose: appliesKind,
  constants(t, sink) {
    sink.port(t.onPort);
  },
  mutants: noMutants,
  iptables: tproxyIptables,
};
