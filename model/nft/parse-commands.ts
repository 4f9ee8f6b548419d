// `add|insert|replace|delete rule …` and `add set|element …` commands of an nft script.
import type { NftCommand } from './commands.ts';
import type { Token } from './lexer.ts';
import { parseRule } from './parse-rule.ts';
import { readSetBody, setElementType } from './parse-set.ts';
import { readRightSide } from './read-right.ts';
import { readInteger } from './read-value.ts';
import { type Report, spanOf } from './report.ts';
import type { ScriptCursor } from './script-reader.ts';
import type { NftFamily } from './types.ts';

export type Verb = 'add' | 'create' | 'insert' | 'replace' | 'delete' | 'destroy' | 'flush';

export function ruleCommand(c: ScriptCursor, verb: Verb, out: NftCommand[], report: Report): boolean {
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

export function setCommand(
  c: ScriptCursor,
  verb: Verb,
  what: 'set' | 'element',
  out: NftCommand[],
  report: Report,
): boolean {
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
