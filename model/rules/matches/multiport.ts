// multiport `--sports`/`--dports`/`--ports` (libxt_multiport.c, revision 1: ranges and `!`).
import { bad, type MatchModule, parsePortList } from '../../syntax/index.ts';

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
