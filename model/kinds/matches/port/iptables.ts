// How iptables writes port matches. tcp and udp `--sport`/`--dport` (libxt_tcp.c, libxt_udp.c): one module instance
// yields one port match per option, source before destination, which is the order iptables-save prints them in;
// multiport `--sports`/`--dports`/`--ports` (libxt_multiport.c, revision 1: ranges and `!`).

import type { Match } from '../../../ruleset/index.ts';
import {
  bad,
  bang,
  formatRange,
  type GivenOption,
  given,
  type MatchModule,
  type ModuleContext,
  parsePortList,
  parsePortRange,
  valueWord,
} from '../../../syntax/index.ts';
import type { MatchKindIptables, MatchOf } from '../../match-kind.ts';

const SPORT = { name: '--sport', aliases: ['--source-port'], arity: 1, negatable: true } as const;
const DPORT = { name: '--dport', aliases: ['--destination-port'], arity: 1, negatable: true } as const;

function portMatches(module: 'tcp' | 'udp') {
  return (options: readonly GivenOption[], ctx: ModuleContext): readonly Match[] | undefined => {
    const matches: Match[] = [];
    for (const [name, direction] of [
      ['--sport', 'source'],
      ['--dport', 'destination'],
    ] as const) {
      const option = given(options, name);
      if (!option) continue;
      const token = valueWord(option);
      const range = parsePortRange(token.text, ':', true);
      if (!range)
        return bad(ctx, token, `bad port or range ${JSON.stringify(token.text)} (0-65535, "a:b" with a <= b)`);
      matches.push({ kind: 'port', module, direction, negated: option.negated, ranges: [range] });
    }
    return matches;
  };
}

export const tcp: MatchModule = {
  protocols: [6],
  options: [
    SPORT,
    DPORT,
    { name: '--tcp-flags', arity: 2, negatable: true, unmodelled: true },
    { name: '--syn', arity: 0, negatable: true, unmodelled: true },
    { name: '--tcp-option', arity: 1, negatable: true, unmodelled: true },
  ],
  compile: portMatches('tcp'),
};

export const udp: MatchModule = {
  protocols: [17],
  options: [SPORT, DPORT],
  compile: portMatches('udp'),
};

const DIRECTIONS = {
  '--sports': 'source',
  '--dports': 'destination',
  '--ports': 'either',
} as const;

export const multiport: MatchModule = {
  // xt_multiport.c check(): TCP, UDP, UDPLITE, SCTP or DCCP, and the protocol must not be negated.
  protocols: [6, 17, 136, 132, 33],
  options: [
    { name: '--sports', aliases: ['--source-ports'], arity: 1, negatable: true },
    { name: '--dports', aliases: ['--destination-ports'], arity: 1, negatable: true },
    { name: '--ports', arity: 1, negatable: true },
  ],
  compile(options, ctx) {
    const [option, second] = options;
    if (!option) {
      ctx.report('missing-argument', ctx.at, '-m multiport needs one of --sports, --dports or --ports');
      return undefined;
    }
    if (second) {
      ctx.report(
        'illegal-option',
        second.token,
        `-m multiport takes one option; ${option.token.text} is already given`,
      );
      return undefined;
    }
    const token = option.values[0]!;
    const ranges = parsePortList(token.text);
    if (!ranges) {
      return bad(
        ctx,
        token,
        `bad port list ${JSON.stringify(token.text)} (at most 15 ports, a range "a:b" counting two)`,
      );
    }
    const direction = DIRECTIONS[option.def.name as keyof typeof DIRECTIONS];
    return [{ kind: 'port', module: 'multiport', direction, negated: option.negated, ranges }];
  },
};

const MULTIPORT_OPTION = { source: '--sports', destination: '--dports', either: '--ports' } as const;

/** One port option without its `-m`: `! --dport 15008`, `--dports 53,15008`. */
export function portOption(m: MatchOf<'port'>): string {
  const name =
    m.module === 'multiport' ? MULTIPORT_OPTION[m.direction] : m.direction === 'source' ? '--sport' : '--dport';
  return `${bang(m.negated)}${name} ${m.ranges.map((r) => formatRange(r, ':')).join(',')}`;
}

export const portIptables: MatchKindIptables<'port'> = {
  modules: { tcp, udp, multiport },
  generic: null,
  print: (m) => `-m ${m.module} ${portOption(m)}`,
};
