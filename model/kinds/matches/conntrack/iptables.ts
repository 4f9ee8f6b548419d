// conntrack `--ctstate` and the older state `--state` (libxt_conntrack.c, libxt_state.c). States are a set: they are
// kept in the order iptables-save prints them (print_state), so two spellings of one set compare equal.

import type { CtState, Match } from '../../../ruleset/index.ts';
import {
  bad,
  bang,
  type GivenOption,
  type MatchModule,
  type ModuleContext,
  type OptionDef,
} from '../../../syntax/index.ts';
import type { MatchKindIptables } from '../../match-kind.ts';

export const CT_STATE_ORDER: readonly CtState[] = [
  'INVALID',
  'NEW',
  'RELATED',
  'ESTABLISHED',
  'UNTRACKED',
  'SNAT',
  'DNAT',
];
const STATE_MODULE_STATES: readonly CtState[] = ['INVALID', 'NEW', 'RELATED', 'ESTABLISHED', 'UNTRACKED'];

function states(option: GivenOption, allowed: readonly CtState[], ctx: ModuleContext): Match[] | undefined {
  const token = option.values[0]!;
  const seen = new Set<CtState>();
  for (const word of token.text.split(',')) {
    // parse_state compares case-insensitively.
    const state = allowed.find((s) => s === word.toUpperCase());
    if (!state) return bad(ctx, token, `bad state ${JSON.stringify(word)} (one of ${allowed.join(', ')})`);
    seen.add(state);
  }
  return [{ kind: 'conntrack', negated: option.negated, states: CT_STATE_ORDER.filter((s) => seen.has(s)) }];
}

const unmodelled = (name: string, negatable = true): OptionDef => ({ name, arity: 1, negatable, unmodelled: true });

export const conntrack: MatchModule = {
  options: [
    { name: '--ctstate', arity: 1, negatable: true },
    ...['--ctproto', '--ctorigsrc', '--ctorigdst', '--ctreplsrc', '--ctrepldst'].map((n) => unmodelled(n)),
    ...['--ctorigsrcport', '--ctorigdstport', '--ctreplsrcport', '--ctrepldstport'].map((n) => unmodelled(n)),
    unmodelled('--ctstatus'),
    unmodelled('--ctexpire'),
    unmodelled('--ctdir', false),
  ],
  compile([option], ctx) {
    if (!option) {
      ctx.report('missing-argument', ctx.at, '-m conntrack needs at least one option, e.g. --ctstate');
      return undefined;
    }
    return states(option, CT_STATE_ORDER, ctx);
  },
};

export const state: MatchModule = {
  options: [{ name: '--state', arity: 1, negatable: true }],
  compile([option], ctx) {
    if (!option) {
      ctx.report('missing-argument', ctx.at, '-m state needs --state');
      return undefined;
    }
    return states(option, STATE_MODULE_STATES, ctx);
  },
};

export const conntrackIptables: MatchKindIptables<'conntrack'> = {
  modules: { conntrack, state },
  generic: null,
  print: (m) => `-m conntrack ${bang(m.negated)}--ctstate ${m.states.join(',')}`,
};
