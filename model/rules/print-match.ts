// How iptables-save writes each match, keyed by kind (each module's `save` function in iptables/extensions).
import { formatInetCidr, formatRange, hex, saveString, U32_MAX } from '../syntax/index.ts';
import type { Match, OwnerCriterion } from './types.ts';

type PortMatch = Extract<Match, { kind: 'port' }>;
type Printers = { readonly [K in Match['kind']]: (match: Extract<Match, { kind: K }>) => string };

const not = (negated: boolean | undefined) => (negated ? '! ' : '');

const MULTIPORT_OPTION = { source: '--sports', destination: '--dports', either: '--ports' } as const;

/** One port option without its `-m`: `! --dport 15008`, `--dports 53,15008`. */
export function portOption(m: PortMatch): string {
  const name =
    m.module === 'multiport' ? MULTIPORT_OPTION[m.direction] : m.direction === 'source' ? '--sport' : '--dport';
  return `${not(m.negated)}${name} ${m.ranges.map((r) => formatRange(r, ':')).join(',')}`;
}

/** xt_mark / xt_connmark save: the mask only when it is not all ones. */
function markText(value: number, mask: number): string {
  return mask === U32_MAX ? hex(value) : `${hex(value)}/${hex(mask)}`;
}

/** libxt_owner: `--uid-owner 1337` or `--uid-owner 1000-2000` (a dash, not a colon). */
function ownerItem(name: string, c: OwnerCriterion | undefined): string[] {
  return c ? [`${not(c.negated)}${name} ${formatRange(c.range, '-')}`] : [];
}

const PRINTERS: Printers = {
  source: (m) => `${not(m.negated)}-s ${formatInetCidr(m.cidr)}`,
  destination: (m) => `${not(m.negated)}-d ${formatInetCidr(m.cidr)}`,
  'in-interface': (m) => `${not(m.negated)}-i ${m.name}`,
  'out-interface': (m) => `${not(m.negated)}-o ${m.name}`,
  protocol: (m) => `${not(m.negated)}-p ${m.name || String(m.protocol)}`,
  port: (m) => `-m ${m.module} ${portOption(m)}`,
  // owner_mt_save order: --socket-exists, --uid-owner, --gid-owner, --suppl-groups.
  owner: (m) =>
    [
      '-m owner',
      ...(m.socketExists ? [`${not(m.socketExists.negated)}--socket-exists`] : []),
      ...ownerItem('--uid-owner', m.uid),
      ...ownerItem('--gid-owner', m.gid),
      ...(m.supplGroups ? ['--suppl-groups'] : []),
    ].join(' '),
  mark: (m) => `-m mark ${not(m.negated)}--mark ${markText(m.value, m.mask)}`,
  connmark: (m) => `-m connmark ${not(m.negated)}--mark ${markText(m.value, m.mask)}`,
  conntrack: (m) => `-m conntrack ${not(m.negated)}--ctstate ${m.states.join(',')}`,
  comment: (m) => `-m comment --comment ${saveString(m.text)}`,
  unsupported: (m) => (m.text === '' ? `-m ${m.module}` : `-m ${m.module} ${m.text}`),
};

export function printMatch(match: Match): string {
  return (PRINTERS[match.kind] as (m: Match) => string)(match);
}
