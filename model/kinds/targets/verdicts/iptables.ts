// ACCEPT, DROP, RETURN and REJECT (libipt_REJECT.c, libip6t_REJECT.c). REJECT's type is stored under the long name
// iptables-save prints, whichever alias was written.
import type { Family } from '../../../net/index.ts';
import type { Target } from '../../../ruleset/index.ts';
import { bad, protocolIs, type TargetModule } from '../../../syntax/index.ts';
import { type TargetKindIptables, words } from '../../target-kind.ts';

const simple = (target: Target): TargetModule => ({ options: [], compile: () => target });

export const ACCEPT = simple({ kind: 'accept' });
export const DROP = simple({ kind: 'drop' });
export const RETURN = simple({ kind: 'return' });

/** Long name -> accepted short alias, per family. */
const REJECT_WITH: Readonly<Record<Family, Readonly<Record<string, string>>>> = {
  ipv4: {
    'icmp-net-unreachable': 'net-unreach',
    'icmp-host-unreachable': 'host-unreach',
    'icmp-proto-unreachable': 'proto-unreach',
    'icmp-port-unreachable': 'port-unreach',
    'icmp-net-prohibited': 'net-prohib',
    'icmp-host-prohibited': 'host-prohib',
    'icmp-admin-prohibited': 'admin-prohib',
    'tcp-reset': 'tcp-rst',
  },
  ipv6: {
    'icmp6-no-route': 'no-route',
    'icmp6-adm-prohibited': 'adm-prohibited',
    'icmp6-addr-unreachable': 'addr-unreach',
    'icmp6-port-unreachable': 'port-unreach',
    'icmp6-policy-fail': 'policy-fail',
    'icmp6-reject-route': 'reject-route',
    'tcp-reset': 'tcp-rst',
  },
};

export const REJECT: TargetModule = {
  options: [{ name: '--reject-with', arity: 1 }],
  compile([option], ctx) {
    if (!option) return { kind: 'reject' };
    const token = option.values[0]!;
    const table = REJECT_WITH[ctx.family];
    const name = Object.keys(table).find((long) => long === token.text || table[long] === token.text);
    if (!name)
      return bad(ctx, token, `bad --reject-with ${JSON.stringify(token.text)} (${Object.keys(table).join(', ')})`);
    // reject_tg_check in net/ipv4/netfilter/ipt_REJECT.c: a TCP reset needs a non-negated -p tcp.
    if (name === 'tcp-reset' && !protocolIs(ctx, [6])) {
      ctx.report('illegal-option', token, '--reject-with tcp-reset needs -p tcp (the kernel refuses it otherwise)');
      return undefined;
    }
    return { kind: 'reject', with: name };
  },
};

export const acceptIptables: TargetKindIptables<'accept'> = { modules: { ACCEPT }, print: () => '-j ACCEPT' };
export const dropIptables: TargetKindIptables<'drop'> = { modules: { DROP }, print: () => '-j DROP' };
export const returnIptables: TargetKindIptables<'return'> = { modules: { RETURN }, print: () => '-j RETURN' };
export const rejectIptables: TargetKindIptables<'reject'> = {
  modules: { REJECT },
  print: (t) => words('-j REJECT', t.with !== undefined && `--reject-with ${t.with}`),
};
