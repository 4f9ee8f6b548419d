// -i / -o as iptables writes them: an interface name, a trailing "+" for a prefix.
import { bang } from '../../../syntax/index.ts';
import type { GenericCompiler, MatchKindIptables, MatchOf } from '../../match-kind.ts';

/** IFNAMSIZ is 16 including the terminating NUL (xtables_parse_interface). */
const MAX_IFNAME = 15;

function compileInterface<K extends 'in-interface' | 'out-interface'>(kind: K): GenericCompiler<K> {
  return (value, negated, _family, report) => {
    if (value.text === '' || value.text.length > MAX_IFNAME) {
      report('bad-value', value, `interface name ${JSON.stringify(value.text)} must be 1 to ${MAX_IFNAME} characters`);
      return undefined;
    }
    return { kind, negated, name: value.text } as MatchOf<K>;
  };
}

export const inInterfaceIptables: MatchKindIptables<'in-interface'> = {
  modules: {},
  generic: compileInterface('in-interface'),
  print: (m) => `${bang(m.negated)}-i ${m.name}`,
};

export const outInterfaceIptables: MatchKindIptables<'out-interface'> = {
  modules: {},
  generic: compileInterface('out-interface'),
  print: (m) => `${bang(m.negated)}-o ${m.name}`,
};
