// tcp and udp `--sport`/`--dport` (libxt_tcp.c, libxt_udp.c). One module instance yields one port match per option,
// source before destination, which is the order iptables-save prints them in.
import {
  bad,
  type GivenOption,
  given,
  type MatchModule,
  type ModuleContext,
  parsePortRange,
  valueWord,
} from '../../syntax/index.ts';
import type { Match } from '../types.ts';

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
