// Expressions and values as nft lists them (expr_print and the datatype printers in nftables' src/).
import { type Datatype, datatypeOf, PRINTED_UNQUALIFIED } from './datatypes.ts';
import { formatNftAddr } from './format-addr.ts';
import type { NftExpr, NftValue } from './types.ts';

export function printExpr(expr: NftExpr): string {
  switch (expr.kind) {
    case 'payload':
      return `${expr.protocol} ${expr.field}`;
    case 'meta':
      return PRINTED_UNQUALIFIED.has(expr.key) ? expr.key : `meta ${expr.key}`;
    case 'ct':
      return expr.dir ? `ct ${expr.dir} ${expr.key}` : `ct ${expr.key}`;
    default: {
      const never: never = expr;
      return never;
    }
  }
}

/** Marks print as 0x%08x (mark_type's printer); other integers in decimal. */
function printNumber(value: number, type: Datatype | undefined): string {
  return type === 'mark' ? `0x${value.toString(16).padStart(8, '0')}` : String(value);
}

/** Names nft would read as something else (keywords, words with spaces) are quoted; plain names are not. */
function printName(name: string): string {
  return /^[A-Za-z_][\w.-]*$/.test(name) ? name : `"${name}"`;
}

export function printValue(value: NftValue, type: Datatype | undefined): string {
  switch (value.kind) {
    case 'number':
      return printNumber(value.value, type);
    case 'symbol':
      return printName(value.name);
    case 'string':
      return `"${value.value}"`;
    case 'address':
      return formatNftAddr(value.addr);
    case 'prefix':
      return `${formatNftAddr(value.addr)}/${value.length}`;
    case 'range':
      return `${printValue(value.from, type)}-${printValue(value.to, type)}`;
    case 'set':
      return `{ ${value.elements.map((e) => printValue(e, type)).join(', ')} }`;
    case 'list':
      return value.elements.map((e) => printValue(e, type)).join(',');
    case 'set-ref':
      return `@${value.name}`;
    case 'expr':
      return printExpr(value.expr);
    default: {
      const never: never = value;
      return never;
    }
  }
}

export function printExprValue(expr: NftExpr, value: NftValue): string {
  return printValue(value, datatypeOf(expr));
}
