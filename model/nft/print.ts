// An NftRuleset as `nft list ruleset` prints it (table_print, chain_print_declaration and set_print in nftables'
// src/rule.c): tab indentation, sets before chains, a blank line between a table's objects, `# handle N` with
// handles. Printing listingForm(tree) gives nft's own listing; printing any tree gives text that reads back to it.

import { setElementType } from './parse-set.ts';
import { printRule } from './print-rule.ts';
import { printValue } from './print-value.ts';
import { NFT_1_0_6, type PriorityNames, priorityText } from './priority.ts';
import type { NftChain, NftRuleset, NftSet, NftTable } from './types.ts';

export interface PrintOptions {
  /** `nft -a`: `# handle N` after tables, chains, sets and rules that have one. */
  readonly handles?: boolean;
  readonly priorityNames?: PriorityNames;
}

function handle(h: number | undefined, options: PrintOptions): string {
  return options.handles && h !== undefined ? ` # handle ${h}` : '';
}

function printSet(set: NftSet, options: PrintOptions): string {
  const lines = [`\tset ${set.name} {${handle(set.handle, options)}`, `\t\ttype ${set.type}`];
  if (set.flags.length > 0) lines.push(`\t\tflags ${set.flags.join(',')}`);
  if (set.elements.length > 0) {
    const type = setElementType(set.type);
    lines.push(`\t\telements = { ${set.elements.map((e) => printValue(e, type)).join(', ')} }`);
  }
  return `${lines.join('\n')}\n\t}\n`;
}

function printChain(chain: NftChain, table: NftTable, options: PrintOptions): string {
  let out = `\tchain ${chain.name} {${handle(chain.handle, options)}\n`;
  const base = chain.base;
  if (base) {
    const devices = base.devices ?? [];
    const device =
      devices.length === 1
        ? ` device "${devices[0]}"`
        : devices.length > 1
          ? ` devices = { ${devices.map((d) => `"${d}"`).join(', ')} }`
          : '';
    const priority = priorityText(base.priority, table.family, base.hook, options.priorityNames ?? NFT_1_0_6);
    const policy = base.policy ? ` policy ${base.policy};` : '';
    out += `\t\ttype ${base.type} hook ${base.hook}${device} priority ${priority};${policy}\n`;
  }
  for (const rule of chain.rules) out += `\t\t${printRule(rule)}${handle(rule.handle, options)}\n`;
  return `${out}\t}\n`;
}

export function printTable(table: NftTable, options: PrintOptions = {}): string {
  let out = `table ${table.family} ${table.name} {${handle(table.handle, options)}\n`;
  let delim = '';
  if (table.flags.length > 0) {
    out += `\tflags ${table.flags.join(',')}\n`;
    delim = '\n';
  }
  for (const object of table.unsupported) {
    out += `${delim}\t${object.text}\n`;
    delim = '\n';
  }
  for (const set of table.sets) {
    out += delim + printSet(set, options);
    delim = '\n';
  }
  for (const chain of table.chains) {
    out += delim + printChain(chain, table, options);
    delim = '\n';
  }
  return `${out}}\n`;
}

export function printNftRuleset(ruleset: NftRuleset, options: PrintOptions = {}): string {
  return ruleset.tables.map((t) => printTable(t, options)).join('');
}
