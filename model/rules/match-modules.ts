// The match modules the model understands, keyed by the name given to `-m`: each match kind's iptables part
// (model/kinds) names the modules that produce it. Any other name is valid iptables the model does not evaluate: the
// compiler keeps it verbatim as an 'unsupported' match, with a warning.
import { MATCH_KINDS } from '../kinds/index.ts';
import type { MatchModule } from '../syntax/index.ts';

const MATCH_MODULES: Readonly<Record<string, MatchModule>> = Object.assign(
  {},
  ...Object.values(MATCH_KINDS).map((kind) => kind.iptables.modules),
);

export function matchModule(name: string): MatchModule | undefined {
  return Object.hasOwn(MATCH_MODULES, name) ? MATCH_MODULES[name] : undefined;
}

/**
 * The module iptables loads by itself when an option it does not know follows `-p PROTO` (the "implicit" protocol
 * match, e.g. `-p tcp --dport 80`); iptables-save then prints it explicitly (`-p tcp -m tcp --dport 80`).
 */
export const IMPLICIT_MODULE: Readonly<Record<number, string>> = {
  1: 'icmp',
  6: 'tcp',
  17: 'udp',
  33: 'dccp',
  58: 'icmp6',
  132: 'sctp',
};
