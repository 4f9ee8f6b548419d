// One rule as nft lists it: statements separated by spaces (rule_print and the stmt_print functions of nftables).
import { datatypeOf, isBitmask } from './datatypes.ts';
import { formatNftAddr } from './format-addr.ts';
import { printExpr, printExprValue, printValue } from './print-value.ts';
import type { NftRule, NftStatement } from './types.ts';

export function printStatement(s: NftStatement): string {
  switch (s.kind) {
    case 'match': {
      // No operator means `in` on a bitmask type and `==` on any other; an explicit `==` on a bitmask is exact.
      const implicit = s.op === 'in' || (s.op === '==' && !isBitmask(datatypeOf(s.left)));
      const op = implicit ? '' : `${s.op} `;
      return `${printExpr(s.left)} ${op}${printExprValue(s.left, s.right)}`;
    }
    case 'counter':
      return s.packets !== undefined && s.bytes !== undefined
        ? `counter packets ${s.packets} bytes ${s.bytes}`
        : 'counter';
    case 'verdict':
      return s.verdict;
    case 'jump':
    case 'goto':
      return `${s.kind} ${s.target}`;
    case 'redirect':
      return s.port ? `redirect to :${printValue(s.port, 'inet_service')}` : 'redirect';
    case 'tproxy': {
      const family = s.family ? ` ${s.family}` : '';
      const addr = s.addr ? formatNftAddr(s.addr) : '';
      const host = s.addr?.family === 'ipv6' && s.port !== undefined ? `[${addr}]` : addr;
      return `tproxy${family} to ${host}${s.port !== undefined ? `:${s.port}` : ''}`;
    }
    case 'set':
      return `${printExpr(s.key)} set ${printExprValue(s.key, s.value)}`;
    case 'unsupported':
      return s.text;
    default: {
      const never: never = s;
      return never;
    }
  }
}

export function printRule(rule: NftRule): string {
  const comment = rule.comment !== undefined ? ` comment "${rule.comment}"` : '';
  return `${rule.statements.map(printStatement).join(' ')}${comment}`;
}
