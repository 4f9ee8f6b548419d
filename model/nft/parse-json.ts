// `nft -j list ruleset` output (and libnftables JSON commands: {"add": {"rule": …}}) into commands for the replay.
// A listed object is an `add` of it; listed rules come after all chains, in chain order, so the replay rebuilds them.
import type { NftCommand } from './commands.ts';
import { baseChain, family, required } from './json-chain.ts';
import { jsonStatement } from './json-expr.ts';
import { readSetElementsJson } from './json-set.ts';
import { type Json, jsonText, member, numberMember, single, stringMember } from './json-tree.ts';
import type { Report } from './report.ts';
import type { NftStatement } from './types.ts';

const COMMANDS = new Set(['add', 'create', 'insert', 'replace', 'delete', 'destroy', 'flush']);

function objectCommand(op: string, name: string, j: Json, listed: boolean, report: Report): NftCommand | undefined {
  if (name === 'metainfo') return undefined;
  const fam = name === 'ruleset' ? 'ip' : family(j, report);
  if (!fam) return undefined;
  const handle = numberMember(j, 'handle');
  const withHandle = handle !== undefined ? { handle } : {};
  const at = j.at;
  switch (name) {
    case 'ruleset':
      return op === 'flush' ? { op: 'flush', what: 'ruleset', at } : undefined;
    case 'table': {
      const tableName = required(j, 'name', report);
      if (!tableName) return undefined;
      if (op === 'add' || op === 'create')
        return { op, what: 'table', at, family: fam, name: tableName, ...withHandle };
      if (op === 'flush' || op === 'delete' || op === 'destroy')
        return { op, what: 'table', at, family: fam, name: tableName };
      break;
    }
    case 'chain': {
      const table = required(j, 'table', report);
      const chain = required(j, 'name', report);
      const base = baseChain(j, fam, report);
      if (!table || !chain || base === null) return undefined;
      if (op === 'add' || op === 'create')
        return { op, what: 'chain', at, family: fam, table, name: chain, ...(base ? { base } : {}), ...withHandle };
      if (op === 'flush' || op === 'delete' || op === 'destroy')
        return { op, what: 'chain', at, family: fam, table, name: chain };
      break;
    }
    case 'rule': {
      const table = required(j, 'table', report);
      const chain = required(j, 'chain', report);
      if (!table || !chain) return undefined;
      if (op === 'delete' || op === 'destroy') {
        if (handle === undefined) report('bad-json', at, 'deleting a rule needs its "handle"');
        return handle === undefined ? undefined : { op, what: 'rule', at, family: fam, table, chain, handle };
      }
      const expr = member(j, 'expr');
      if (expr?.kind !== 'array') {
        report('bad-json', at, '"expr" (an array of statements) is missing');
        return undefined;
      }
      const statements = expr.items.map((e) => jsonStatement(e, report));
      if (!statements.every((s) => s !== undefined)) return undefined;
      const comment = stringMember(j, 'comment');
      const rule = { at, statements: statements as NftStatement[], ...(comment !== undefined ? { comment } : {}) };
      if (op === 'replace') {
        return handle === undefined ? undefined : { op, what: 'rule', at, family: fam, table, chain, handle, rule };
      }
      if (op !== 'add' && op !== 'insert') break;
      const index = numberMember(j, 'index');
      // In a listing the handle is the rule's own; in an add/insert command it names the rule to place it by.
      const place =
        index !== undefined
          ? { by: 'index' as const, value: index, at }
          : !listed && handle !== undefined
            ? { by: 'position' as const, value: handle, at }
            : undefined;
      return {
        op,
        what: 'rule',
        at,
        family: fam,
        table,
        chain,
        rule: { ...rule, ...(listed ? withHandle : {}) },
        ...(place ? { place } : {}),
      };
    }
    case 'set': {
      const table = required(j, 'table', report);
      const setName = required(j, 'name', report);
      if (!table || !setName || (op !== 'add' && op !== 'create')) return undefined;
      const set = readSetElementsJson(j, setName, report);
      return set ? { op, what: 'set', at, family: fam, table, set: { ...set, ...withHandle } } : undefined;
    }
    default:
      break;
  }
  const table = stringMember(j, 'table');
  report(
    'unsupported-object',
    at,
    `${op === 'list' ? '' : `${op} `}${name} ${jsonText(j).slice(0, 60)} is not modelled; kept as written`,
    'warning',
  );
  if (table === undefined) return undefined;
  return { op: 'add', what: 'unsupported', at, family: fam, table, object: { at, text: jsonText(j), source: 'json' } };
}

/** The commands of a libnftables JSON document ({"nftables": [ … ]}). */
export function parseJsonCommands(root: Json, report: Report): NftCommand[] {
  const list = member(root, 'nftables');
  if (list?.kind !== 'array') {
    report('bad-json', root.at, 'expected {"nftables": [ … ]}, as nft -j list ruleset prints');
    return [];
  }
  const commands: NftCommand[] = [];
  for (const item of list.items) {
    const outer = single(item);
    if (!outer) {
      report(
        'bad-json',
        item.at,
        'each element of "nftables" must be an object with one member, such as {"rule": {…}}',
      );
      continue;
    }
    let op = 'list';
    let object = outer;
    if (COMMANDS.has(outer.name)) {
      op = outer.name;
      const inner = single(outer.value);
      if (!inner) {
        report('bad-json', outer.value.at, `"${outer.name}" must hold one object, such as {"rule": {…}}`);
        continue;
      }
      object = inner;
    }
    const command = objectCommand(op === 'list' ? 'add' : op, object.name, object.value, op === 'list', report);
    if (command) commands.push(command);
  }
  return commands;
}
