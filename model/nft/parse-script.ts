// nft script text into commands: `add|create|insert|replace|delete|destroy|flush …` lines (Istio's goldens) and
// `table … { … }` blocks (what `nft list ruleset` prints, also valid `nft -f` input).
import type { NftCommand } from './commands.ts';
import type { Token } from './lexer.ts';
import { readChainBody, readTableBody } from './parse-blocks.ts';
import { readChainSpec } from './parse-chain-spec.ts';
import { ruleCommand, setCommand, type Verb } from './parse-commands.ts';
import { type Report, spanOf } from './report.ts';
import { ScriptCursor } from './script-reader.ts';
import type { NftFamily } from './types.ts';

const VERBS: readonly Verb[] = ['add', 'create', 'insert', 'replace', 'delete', 'destroy', 'flush'];
/** Commands that print or watch rather than change the ruleset. */
const READ_ONLY = new Set(['list', 'reset', 'monitor', 'describe', 'export']);

export interface ScriptParse {
  readonly commands: readonly NftCommand[];
  /** Whether any `table … {` block appeared, and any verb command (add, insert, …). */
  readonly blocks: boolean;
  readonly verbs: boolean;
}

function skipLine(c: ScriptCursor): void {
  while (c.peek() && c.peek()!.kind !== 'newline') c.i++;
}

function tableBlock(c: ScriptCursor, verb: 'add' | 'create', at: Token, out: NftCommand[], report: Report): boolean {
  const family = c.family();
  const name = c.name(report, 'a table name');
  if (!name) return false;
  if (!c.isPunct('{')) {
    out.push({ op: verb, what: 'table', at: name, family, name: name.text });
    return true;
  }
  c.i++;
  const handle = c.handleComment();
  const body = readTableBody(c, family, name.text, spanOf(at, name), report);
  if (!body) return false;
  out.push({
    op: verb,
    what: 'table',
    at: name,
    family,
    name: name.text,
    ...(body.flags.length > 0 ? { flags: body.flags } : {}),
    ...(handle !== undefined ? { handle } : {}),
  });
  out.push(...body.commands);
  return true;
}

function chainCommand(c: ScriptCursor, verb: Verb, out: NftCommand[], report: Report): boolean {
  const family = c.family();
  const table = c.name(report, 'a table name');
  const name = table && c.name(report, 'a chain name');
  if (!table || !name) return false;
  const where = { at: name, family, table: table.text, name: name.text };
  if (verb === 'flush' || verb === 'delete' || verb === 'destroy') {
    out.push({ op: verb, what: 'chain', ...where });
    return true;
  }
  if (verb !== 'add' && verb !== 'create') {
    report('unknown-command', name, `${verb} chain is not an nft command (add, create, flush, delete, destroy)`);
    return false;
  }
  if (!c.isPunct('{')) {
    out.push({ op: verb, what: 'chain', ...where });
    return true;
  }
  c.i++;
  c.skipBlank();
  const base = readChainSpec(c, family, undefined, report);
  if (base === null) return false;
  c.skipBlank();
  if (c.isPunct('}')) c.i++;
  else {
    // `add chain … { type …; rules }` is not nft syntax, but a `chain` block body is: read it as one.
    const body = readChainBody(c, { family, table: table.text, chain: name.text }, report);
    if (!body) return false;
    out.push({ op: verb, what: 'chain', ...where, ...(base ? { base } : {}) }, ...body.rules);
    return true;
  }
  out.push({ op: verb, what: 'chain', ...where, ...(base ? { base } : {}) });
  return true;
}

function verbCommand(c: ScriptCursor, verb: Verb, out: NftCommand[], report: Report): boolean {
  const objectToken = c.peek();
  const object = c.word();
  if (object === undefined) {
    report('missing-argument', objectToken ?? c.last(), `${verb} needs an object: table, chain, rule, set, element`);
    return false;
  }
  c.i++;
  switch (object) {
    case 'table':
      if (verb === 'add' || verb === 'create') return tableBlock(c, verb, objectToken!, out, report);
      if (verb === 'flush' || verb === 'delete' || verb === 'destroy') {
        const family = c.family();
        const name = c.name(report, 'a table name');
        if (name) out.push({ op: verb, what: 'table', at: name, family, name: name.text });
        return name !== undefined;
      }
      break;
    case 'chain':
      return chainCommand(c, verb, out, report);
    case 'rule':
      return ruleCommand(c, verb, out, report);
    case 'set':
    case 'element':
      return setCommand(c, verb, object, out, report);
    case 'ruleset':
      if (verb === 'flush') {
        const w = c.word();
        const family =
          w !== undefined && ['ip', 'ip6', 'inet', 'arp', 'bridge', 'netdev'].includes(w)
            ? (c.next()!.text as NftFamily)
            : undefined;
        out.push({ op: 'flush', what: 'ruleset', at: objectToken!, ...(family ? { family } : {}) });
        return true;
      }
      break;
    default:
      report('unsupported-object', objectToken!, `${verb} ${object} is not modelled`);
      return false;
  }
  report('unknown-command', objectToken!, `${verb} ${object} is not an nft command`);
  return false;
}

/** Reads the whole script. Commands that fail to read are reported and skipped (the transaction would fail). */
export function parseScript(tokens: readonly Token[], report: Report): ScriptParse {
  const c = new ScriptCursor(tokens);
  const commands: NftCommand[] = [];
  let blocks = false;
  let verbs = false;
  for (;;) {
    c.skipBlank();
    const t = c.peek();
    if (!t) break;
    const w = c.word();
    let ok: boolean;
    if (w === 'table') {
      blocks = true;
      c.i++;
      ok = tableBlock(c, 'add', t, commands, report);
      // A broken block leaves the reader somewhere inside it; what follows would only repeat the error.
      if (!ok) break;
    } else if (w === 'chain') {
      c.i++;
      ok = chainCommand(c, 'add', commands, report);
    } else if (w !== undefined && (VERBS as readonly string[]).includes(w)) {
      verbs = true;
      c.i++;
      ok = verbCommand(c, w as Verb, commands, report);
    } else if (w !== undefined && READ_ONLY.has(w)) {
      report('unknown-command', t, `"${w}" does not change the ruleset; skipped`, 'warning');
      ok = false;
    } else if (w === 'define' || w === 'include' || w?.startsWith('$')) {
      report(
        'unknown-command',
        t,
        `"${w}" (variables and includes) is not supported: give the expanded ruleset, as nft list ruleset prints it`,
      );
      ok = false;
    } else {
      report(
        'unknown-command',
        t,
        `"${t.text}" does not start an nft command (table, chain, add, insert, delete, flush, …)`,
      );
      ok = false;
    }
    if (!ok) skipLine(c);
    else if (c.peek() && !c.atEnd()) {
      report('syntax-error', c.peek()!, `unexpected "${c.peek()!.text}" after the command`);
      skipLine(c);
    }
  }
  return { commands, blocks, verbs };
}
