// REDIRECT, DNAT, SNAT and MASQUERADE (libxt_REDIRECT.c, libxt_DNAT.c, libxt_SNAT.c, libxt_MASQUERADE.c).
// Port ranges are written `a-b`. Address ranges and the --random/--persistent flags of DNAT/SNAT/MASQUERADE are valid
// iptables the model does not represent, so such a target stays verbatim as unsupported.

import type { Addr } from '../../../net/index.ts';
import type { Range, Target } from '../../../ruleset/index.ts';
import type { Token } from '../../../syntax/index.ts';
import {
  addrOf,
  bad,
  formatInet,
  formatRange,
  type GivenOption,
  given,
  type ModuleContext,
  parsePortRange,
  protocolIs,
  type TargetModule,
} from '../../../syntax/index.ts';
import { type TargetKindIptables, words } from '../../target-kind.ts';

/** Protocols with ports, which iptables demands before it accepts a port specification. */
const PORT_PROTOCOLS = [6, 17, 132, 33];

function ports(option: GivenOption, text: string, ctx: ModuleContext): Range | undefined {
  const token = option.values[0]!;
  if (!protocolIs(ctx, PORT_PROTOCOLS)) {
    ctx.report('illegal-option', option.token, 'a port specification needs -p tcp, udp, sctp or dccp');
    return undefined;
  }
  const range = parsePortRange(text, '-');
  return range ?? bad(ctx, token, `bad port or range ${JSON.stringify(text)} (0-65535, "a-b" with a <= b)`);
}

const unmodelledFlag = (name: string) => ({ name, arity: 0, unmodelled: true }) as const;

export const REDIRECT: TargetModule = {
  options: [
    { name: '--to-ports', arity: 1 },
    { name: '--random', arity: 0 },
  ],
  compile(options, ctx) {
    const to = given(options, '--to-ports');
    const toPorts = to && ports(to, to.values[0]!.text, ctx);
    if (to && !toPorts) return undefined;
    return {
      kind: 'redirect',
      ...(toPorts ? { toPorts } : {}),
      ...(given(options, '--random') ? { random: true } : {}),
    };
  },
};

/** `addr`, `addr:ports`, `:ports`, `[v6addr]`, `[v6addr]:ports` or a bare IPv6 address. */
function splitNatSpec(text: string): { addr: string; ports: string | undefined } | undefined {
  if (text.startsWith('[')) {
    const close = text.indexOf(']');
    const after = text.slice(close + 1);
    if (close < 0 || (after !== '' && !after.startsWith(':'))) return undefined;
    return { addr: text.slice(1, close), ports: after === '' ? undefined : after.slice(1) };
  }
  const colons = text.split(':').length - 1;
  if (colons > 1) return { addr: text, ports: undefined };
  const [addr, portText] = text.split(':') as [string, string | undefined];
  return { addr, ports: portText };
}

function natTarget(kind: 'dnat' | 'snat', optionName: string, extraFlags: readonly string[]): TargetModule {
  return {
    options: [{ name: optionName, arity: 1 }, unmodelledFlag('--random'), ...extraFlags.map(unmodelledFlag)],
    compile(options, ctx): Target | { unmodelled: string } | undefined {
      const to = given(options, optionName);
      if (!to) {
        ctx.report('missing-argument', ctx.at, `${kind.toUpperCase()} needs ${optionName}`);
        return undefined;
      }
      const token: Token = to.values[0]!;
      const spec = splitNatSpec(token.text);
      if (!spec || (spec.addr === '' && spec.ports === undefined)) {
        return bad(ctx, token, `bad ${optionName} ${JSON.stringify(token.text)} (addr[:port[-port]], [v6addr]:port)`);
      }
      if (spec.addr.includes('-')) return { unmodelled: 'address ranges in NAT targets are not modelled' };
      const toAddr = spec.addr === '' ? undefined : addrOf(token, spec.addr, ctx.family, ctx.report);
      if (spec.addr !== '' && !toAddr) return undefined;
      const toPorts = spec.ports === undefined ? undefined : ports(to, spec.ports, ctx);
      if (spec.ports !== undefined && !toPorts) return undefined;
      return { kind, ...(toAddr ? { toAddr } : {}), ...(toPorts ? { toPorts } : {}) };
    },
  };
}

export const DNAT = natTarget('dnat', '--to-destination', ['--persistent']);
export const SNAT = natTarget('snat', '--to-source', ['--persistent', '--random-fully']);

export const MASQUERADE: TargetModule = {
  options: [{ name: '--to-ports', arity: 1 }, unmodelledFlag('--random'), unmodelledFlag('--random-fully')],
  compile(options, ctx) {
    const to = given(options, '--to-ports');
    const toPorts = to && ports(to, to.values[0]!.text, ctx);
    if (to && !toPorts) return undefined;
    return { kind: 'masquerade', ...(toPorts ? { toPorts } : {}) };
  },
};

/** `1.2.3.4:80-90`, `:80`, `[2001:db8::1]:80`, or a bare address (libxt_DNAT/SNAT print_range). */
function natSpec(addr: Addr | undefined, range: Range | undefined): string {
  const a = addr ? formatInet(addr) : '';
  if (!range) return a;
  return `${addr?.family === 'ipv6' ? `[${a}]` : a}:${formatRange(range, '-')}`;
}

const toPorts = (range: Range | undefined) => range && `--to-ports ${formatRange(range, '-')}`;

export const redirectIptables: TargetKindIptables<'redirect'> = {
  modules: { REDIRECT },
  print: (t) => words('-j REDIRECT', toPorts(t.toPorts), t.random === true && '--random'),
};
export const dnatIptables: TargetKindIptables<'dnat'> = {
  modules: { DNAT },
  print: (t) => `-j DNAT --to-destination ${natSpec(t.toAddr, t.toPorts)}`,
};
export const snatIptables: TargetKindIptables<'snat'> = {
  modules: { SNAT },
  print: (t) => `-j SNAT --to-source ${natSpec(t.toAddr, t.toPorts)}`,
};
export const masqueradeIptables: TargetKindIptables<'masquerade'> = {
  modules: { MASQUERADE },
  print: (t) => words('-j MASQUERADE', toPorts(t.toPorts)),
};
