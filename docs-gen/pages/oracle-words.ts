// Words the kernel oracle's pages share: backend names, figures as table cells, and a disagreement with both sides
// in full.
import type { BlockContent } from 'mdast';
import { type Backend, type Counts, type DisagreementRecord, disagreementLines } from '../../oracle/index.ts';
import { heading, list, paragraph } from '../mdast.ts';

export const BACKEND_NAMES: Readonly<Record<Backend, string>> = {
  nft: 'iptables-nft',
  legacy: 'iptables-legacy',
  'native-nft': 'native nftables',
};

/** `iptables-nft and iptables-legacy`. */
export function backendList(backends: readonly Backend[]): string {
  const names = backends.map((b) => BACKEND_NAMES[b]);
  return names.length <= 1 ? (names[0] ?? 'no backend') : `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;
}

export function disagreementBlocks(all: readonly DisagreementRecord[]): BlockContent[] {
  if (all.length === 0) return [heading(2, 'Disagreements'), paragraph('None.')];
  const items = all.map((d): { blocks: BlockContent[] } => ({
    blocks: disagreementLines(d).map((line) => paragraph(line.trim())),
  }));
  return [heading(2, 'Disagreements'), list(items)];
}

/** connections, compared, skipped, hops, agree, disagree: the figures' columns, in that order. */
export const countCells = (c: Counts): string[] =>
  [c.connections, c.compared, c.skipped, c.hops, c.agree, c.disagree].map(String);
