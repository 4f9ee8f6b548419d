// The bodies of `table … { }`, `chain … { }` and `set … { }` blocks, as nft list ruleset prints them and nft -f reads
// them. A table block's commands come out as nft expands them: table, sets, chains, then each chain's rules.
import type { NftCommand } from './commands.ts';
import { textOf } from './cursor.ts';
import { readChainSpec } from './parse-chain-spec.ts';
import { parseRule } from './parse-rule.ts';
import { readSetBody } from './parse-set.ts';
import { type Report, spanOf } from './report.ts';
import type { ScriptCursor } from './script-reader.ts';
import type { NftBaseChain, NftFamily, Span } from './types.ts';

type RuleCommand = Extract<NftCommand, { what: 'rule' }>;

export interface ChainBlock {
  readonly base?: NftBaseChain;
  readonly rules: RuleCommand[];
}

/** After `{` of a chain block: base-chain spec lines, policy, rules; reads the closing `}`. */
export function readChainBody(
  c: ScriptCursor,
  where: { family: NftFamily; table: string; chain: string },
  report: Report,
): ChainBlock | undefined {
  let base: NftBaseChain | undefined;
  const rules: RuleCommand[] = [];
  for (;;) {
    c.skipBlank();
    const t = c.peek();
    if (!t) {
      report('syntax-error', c.last(), `chain ${where.chain} is never closed with "}"`);
      return undefined;
    }
    if (t.kind === 'punct' && t.text === '}') {
      c.i++;
      return base ? { base, rules } : { rules };
    }
    if (c.word() === 'type' || c.word() === 'policy') {
      const spec = readChainSpec(c, where.family, base, report);
      if (spec === null) return undefined;
      base = spec;
      continue;
    }
    if (c.word() === 'comment' && c.peek(1)?.kind === 'string') {
      c.i += 2;
      continue;
    }
    const { tokens, handle, unclosed } = c.takeStatement();
    if (unclosed) {
      report('syntax-error', unclosed, 'this { is never closed');
      return undefined;
    }
    if (tokens.length === 0) {
      c.i++;
      continue;
    }
    const at = spanOf(tokens[0]!, tokens.at(-1)!);
    const parsed = parseRule(tokens, report);
    const rule = {
      at,
      statements: parsed.statements,
      ...(handle !== undefined ? { handle } : {}),
      ...(parsed.comment !== undefined ? { comment: parsed.comment } : {}),
    };
    rules.push({ op: 'add', what: 'rule', at, family: where.family, table: where.table, chain: where.chain, rule });
  }
}

/** Skips a balanced `{ … }` (an object this model does not read), returning its text span. */
function skipBlock(c: ScriptCursor): void {
  let depth = 0;
  while (c.peek()) {
    const t = c.next()!;
    if (t.kind === 'punct' && t.text === '{') depth++;
    if (t.kind === 'punct' && t.text === '}' && --depth === 0) return;
  }
}

/** After `{` of a table block: sets, chains, flags, objects; reads the closing `}`. */
export function readTableBody(
  c: ScriptCursor,
  family: NftFamily,
  table: string,
  tableAt: Span,
  report: Report,
): { commands: NftCommand[]; flags: string[] } | undefined {
  const sets: NftCommand[] = [];
  const chains: NftCommand[] = [];
  const rules: NftCommand[] = [];
  const other: NftCommand[] = [];
  const flags: string[] = [];
  for (;;) {
    c.skipBlank();
    const t = c.peek();
    if (!t) {
      report('syntax-error', tableAt, `table ${table} is never closed with "}"`);
      return undefined;
    }
    if (t.kind === 'punct' && t.text === '}') {
      c.i++;
      return { commands: [...other, ...sets, ...chains, ...rules], flags };
    }
    const keyword = c.word();
    if (keyword === 'chain') {
      c.i++;
      const name = c.name(report, 'a chain name');
      if (!name || !c.expectPunct('{', report)) return undefined;
      const handle = c.handleComment();
      const body = readChainBody(c, { family, table, chain: name.text }, report);
      if (!body) return undefined;
      chains.push({
        op: 'add',
        what: 'chain',
        at: name,
        family,
        table,
        name: name.text,
        ...(body.base ? { base: body.base } : {}),
        ...(handle !== undefined ? { handle } : {}),
      });
      rules.push(...body.rules);
      continue;
    }
    if (keyword === 'set') {
      c.i++;
      const name = c.name(report, 'a set name');
      if (!name || !c.expectPunct('{', report)) return undefined;
      const handle = c.handleComment();
      const set = readSetBody(c, name, handle, report);
      if (!set) return undefined;
      sets.push({ op: 'add', what: 'set', at: name, family, table, set });
      continue;
    }
    if (keyword === 'flags') {
      c.i++;
      const { tokens } = c.takeStatement();
      flags.push(...tokens.filter((w) => w.kind === 'word').map((w) => w.text));
      continue;
    }
    if (keyword === 'comment' && c.peek(1)?.kind === 'string') {
      c.i += 2;
      continue;
    }
    // map, flowtable, counter, quota, ct helper, limit, secmark, synproxy: kept verbatim, not modelled.
    const start = c.i;
    const { tokens } = c.takeStatement();
    if (c.isPunct('{')) skipBlock(c);
    const all = c.tokens.slice(start, c.i).filter((x) => x.kind !== 'newline' && x.kind !== 'comment');
    const at = spanOf(t, tokens.at(-1) ?? t);
    const text = textOf(all);
    report(
      'unsupported-object',
      at,
      `"${text.slice(0, 60)}" is not an object this model reads; kept as written`,
      'warning',
    );
    other.push({ op: 'add', what: 'unsupported', at, family, table, object: { at, text } });
  }
}
