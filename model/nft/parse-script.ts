// nft script text into commands: `add|create|insert|replace|delete|destroy|flush …` lines (Istio's goldens) and
// `table … { … }` blocks (what `nft list ruleset` prints, also valid `nft -f` input).
import type { NftCommand } from './commands.ts';
import type { Token } from './lexer.ts';
import { readChainBody, readTableBody } from './parse-blocks.ts';
import { readChainSpec } from './parse-chain-spec.ts';
import { parseRule } from './parse-rule.ts';
import { readSetBody, setElementType } from './parse-set.ts';
import { readRightSide } from './read-right.ts';
import { readInteger } from './read-value.ts';
import { type Report, spanOf } from './report.ts';
import { ScriptCursor } from './script-reader.ts';
import type { NftFamily } from './types.ts';

const VERBS = ['add', 'create', 'insert', 'replace', 'delete', 'destroy', 'flush'] as const;
type Verb = (typeof VERBS)[number];
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

function ruleCommand(c: ScriptCursor, verb: Verb, out: NftCommand[], report: Report): boolean {
  const family = c.family();
  const table = c.name(report, 'a table name');
  const chain = table && c.name(report, 'a chain name');
  if (!table || !chain) return false;
  const where = { family, table: table.text, chain: chain.text };
  let place: { by: 'index' | 'position' | 'handle'; value: number; at: Token } | undefined;
  const placeWord = c.word();
  if (placeWord === 'index' || placeWord === 'position' || placeWord === 'handle') {
    const at = c.next()!;
    const value = readInteger(c.word() ?? '');
    if (value === undefined) {
      report('bad-value', c.peek() ?? at, `${placeWord} needs a number`);
      return false;
    }
    c.i++;
    place = { by: placeWord, value, at };
  }
  const { tokens, handle, unclosed } = c.takeStatement();
  if (unclosed) {
    report('syntax-error', unclosed, 'this { is never closed');
    return false;
  }
  const at = spanOf(tokens[0] ?? chain, tokens.at(-1) ?? chain);
  if (verb === 'delete' || verb === 'destroy' || verb === 'replace') {
    if (place?.by !== 'handle') {
      report('missing-argument', chain, `${verb} rule needs "handle N" after the chain name`);
      return false;
    }
    if (verb !== 'replace') {
      out.push({ op: verb, what: 'rule', at: place.at, ...where, handle: place.value });
      return true;
    }
  }
  if (tokens.length === 0) {
    report('missing-argument', chain, 'a rule needs at least one statement');
    return false;
  }
  const parsed = parseRule(tokens, report);
  const rule = {
    at,
    statements: parsed.statements,
    ...(handle !== undefined ? { handle } : {}),
    ...(parsed.comment !== undefined ? { comment: parsed.comment } : {}),
  };
  if (verb === 'replace') out.push({ op: 'replace', what: 'rule', at, ...where, handle: place!.value, rule });
  else if (verb === 'add' || verb === 'insert') {
    // `handle H` and its older spelling `position H` both name the rule to add after / insert before.
    const by: 'index' | 'position' = place?.by === 'index' ? 'index' : 'position';
    out.push({
      op: verb,
      what: 'rule',
      at,
      ...where,
      rule,
      ...(place ? { place: { by, value: place.value, at: place.at } } : {}),
    });
  } else {
    report('unknown-command', chain, `${verb} rule is not an nft command (add, insert, replace, delete, destroy)`);
    return false;
  }
  return true;
}

function setCommand(c: ScriptCursor, verb: Verb, what: 'set' | 'element', out: NftCommand[], report: Report): boolean {
  const family: NftFamily = c.family();
  const table = c.name(report, 'a table name');
  const name = table && c.name(report, `a set name`);
  if (!table || !name) return false;
  if (what === 'set') {
    if ((verb !== 'add' && verb !== 'create') || !c.expectPunct('{', report)) {
      if (verb !== 'add' && verb !== 'create') report('unsupported-object', name, `${verb} set is not modelled`);
      return false;
    }
    const set = readSetBody(c, name, undefined, report);
    if (!set) return false;
    out.push({ op: verb, what: 'set', at: name, family, table: table.text, set });
    return true;
  }
  if (verb !== 'add' && verb !== 'delete') {
    report('unsupported-object', name, `${verb} element is not modelled`);
    return false;
  }
  const prior = out.find((x) => x.what === 'set' && x.table === table.text && x.set.name === name.text);
  const type = prior?.what === 'set' ? setElementType(prior.set.type) : undefined;
  const right = c.isPunct('{') ? readRightSide(c, type, report, name) : undefined;
  if (!right) {
    if (!c.isPunct('{')) report('syntax-error', c.peek() ?? name, 'expected "{ element, … }"');
    return false;
  }
  const elements = right.value.kind === 'set' ? right.value.elements : [right.value];
  out.push({ op: verb, what: 'element', at: name, family, table: table.text, set: name.text, elements });
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
