// `redirect [to :port[-port]]`; flags (random, persistent) make it unsupported.
import type { Cursor } from './cursor.ts';
import { readInteger } from './read-value.ts';
import { type Report, spanOf } from './report.ts';
import type { NftStatement, NftValue } from './types.ts';

type Unsupported = (c: Cursor, start: number, report: Report, why: string) => NftStatement;

export function readRedirect(
  c: Cursor,
  start: number,
  report: Report,
  unsupported: Unsupported,
): NftStatement | undefined {
  const at = () => spanOf(c.tokens[start]!, c.last());
  if (c.word() !== 'to') return { kind: 'redirect', at: at() };
  c.i++;
  const target = c.next();
  const text = target?.kind === 'word' ? target.text.replace(/^:/, '') : undefined;
  const range = text?.split('-').map((p) => readInteger(p));
  if (!target || !range || range.some((p) => p === undefined || p > 0xffff) || range.length > 2) {
    report('bad-value', target ?? c.last(), 'redirect to needs a port, as in "redirect to :15001"');
    return undefined;
  }
  const port: NftValue =
    range.length === 2
      ? { kind: 'range', from: { kind: 'number', value: range[0]! }, to: { kind: 'number', value: range[1]! } }
      : { kind: 'number', value: range[0]! };
  if (['random', 'persistent', 'fully-random'].includes(c.word() ?? '')) {
    return unsupported(c, start, report, 'redirect with flags');
  }
  return { kind: 'redirect', at: at(), port };
}
