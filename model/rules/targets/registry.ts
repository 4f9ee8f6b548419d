// The targets the model understands, keyed by the name given to `-j`. A name that is neither here nor a chain of the
// table is an unsupported target (kept verbatim, with a warning) when iptables ships it or options follow it, and
// otherwise a jump to an undefined chain.
import type { TargetModule } from '../../syntax/index.ts';
import { CONNMARK, MARK } from './marks.ts';
import { DNAT, MASQUERADE, REDIRECT, SNAT } from './nat.ts';
import { TPROXY } from './tproxy.ts';
import { CT, LOG, NFLOG, TRACE } from './verbatim.ts';
import { ACCEPT, DROP, REJECT, RETURN } from './verdicts.ts';

export const TARGET_MODULES: Readonly<Record<string, TargetModule>> = {
  ACCEPT,
  DROP,
  RETURN,
  REJECT,
  REDIRECT,
  DNAT,
  SNAT,
  MASQUERADE,
  TPROXY,
  MARK,
  CONNMARK,
  CT,
  LOG,
  NFLOG,
  TRACE,
};

export function targetModule(name: string): TargetModule | undefined {
  return Object.hasOwn(TARGET_MODULES, name) ? TARGET_MODULES[name] : undefined;
}

/** Target extensions shipped with iptables that the model does not evaluate. */
export const UNMODELLED_TARGETS: ReadonlySet<string> = new Set([
  'AUDIT',
  'CHECKSUM',
  'CLASSIFY',
  'CLUSTERIP',
  'CONNSECMARK',
  'DNPT',
  'DSCP',
  'ECN',
  'HL',
  'HMARK',
  'IDLETIMER',
  'LED',
  'NETMAP',
  'NFQUEUE',
  'NOTRACK',
  'QUEUE',
  'RATEEST',
  'SECMARK',
  'SET',
  'SNPT',
  'SYNPROXY',
  'TCPMSS',
  'TCPOPTSTRIP',
  'TEE',
  'TOS',
  'TTL',
  'ULOG',
]);
