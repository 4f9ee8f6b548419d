// libnftables JSON statements and expressions (libnftables-json(5)) into the same statements the text parser builds.
// Strings on the right are read as words with the left side's datatype, so `"127.0.0.6"` and `127.0.0.6` agree.
import { type Addr, AddressError, parseAddr } from './addresses.ts';
import { type Datatype, datatypeOf, isBitmask } from './datatypes.ts';
import { type Json, jsonText, member, numberMember, single, stringMember } from './json-tree.ts';
import { readValue } from './read-value.ts';
import type { Report } from './report.ts';
import type { NftExpr, NftOp, NftStatement, NftValue } from './types.ts';

const OPS = new Set<NftOp>(['==', '!=', '<', '>', '<=', '>=', 'in']);

function unsupported(j: Json, report: Report, why: string): NftStatement {
  const text = jsonText(j);
  report(
    'unsupported-statement',
    j.at,
    `${why}: ${text.slice(0, 80)} is kept as written, and a verdict that depends on it is undetermined`,
    'warning',
  );
  return { kind: 'unsupported', at: j.at, text, source: 'json' };
}

export function jsonExpr(j: Json | undefined): NftExpr | undefined {
  const s = single(j);
  if (!s) return undefined;
  let expr: NftExpr | undefined;
  if (s.name === 'meta') {
    const key = stringMember(s.value, 'key');
    if (key) expr = { kind: 'meta', key };
  } else if (s.name === 'payload') {
    const protocol = stringMember(s.value, 'protocol');
    const field = stringMember(s.value, 'field');
    if (protocol && field) expr = { kind: 'payload', protocol, field };
  } else if (s.name === 'ct') {
    const key = stringMember(s.value, 'key');
    const dir = stringMember(s.value, 'dir');
    if (key && (dir === undefined || dir === 'original' || dir === 'reply'))
      expr = dir ? { kind: 'ct', key, dir } : { kind: 'ct', key };
  }
  return expr && datatypeOf(expr) !== undefined ? expr : undefined;
}

function value(j: Json, type: Datatype | undefined, report: Report): NftValue | undefined {
  switch (j.kind) {
    case 'number':
      return { kind: 'number', value: j.value };
    case 'string': {
      if (j.value.startsWith('@')) return { kind: 'set-ref', name: j.value.slice(1) };
      const read = readValue(j.value, type, false);
      if ('error' in read) {
        report('bad-value', j.at, read.error);
        return undefined;
      }
      return read.value;
    }
    case 'array': {
      const elements = j.items.map((i) => value(i, type, report));
      return elements.every((e) => e !== undefined) ? { kind: 'list', elements: elements as NftValue[] } : undefined;
    }
    case 'object': {
      const s = single(j)!;
      if (s?.name === 'set' && s.value.kind === 'array') {
        const elements = s.value.items.map((i) => value(i, type, report));
        return elements.every((e) => e !== undefined) ? { kind: 'set', elements: elements as NftValue[] } : undefined;
      }
      if (s?.name === 'prefix') {
        const addr = stringMember(s.value, 'addr');
        const len = numberMember(s.value, 'len');
        const read = addr !== undefined && len !== undefined ? readValue(`${addr}/${len}`, type) : undefined;
        if (read && 'value' in read) return read.value;
      }
      if (s?.name === 'range' && s.value.kind === 'array' && s.value.items.length === 2) {
        const from = value(s.value.items[0]!, type, report);
        const to = value(s.value.items[1]!, type, report);
        return from && to ? { kind: 'range', from, to } : undefined;
      }
      const expr = jsonExpr(j);
      if (expr) return { kind: 'expr', expr };
      report('bad-value', j.at, `${jsonText(j).slice(0, 60)} is not a value this model reads`);
      return undefined;
    }
    default:
      report('bad-value', j.at, `${jsonText(j)} is not a value`);
      return undefined;
  }
}

function port(j: Json | undefined): number | undefined {
  return j?.kind === 'number' && j.value >= 0 && j.value <= 0xffff ? j.value : undefined;
}

export function jsonStatement(j: Json, report: Report): NftStatement | undefined {
  const s = single(j);
  if (!s) return unsupported(j, report, 'not a statement object');
  const at = j.at;
  switch (s.name) {
    case 'accept':
    case 'drop':
    case 'continue':
    case 'return':
      return { kind: 'verdict', at, verdict: s.name };
    case 'jump':
    case 'goto': {
      const target = stringMember(s.value, 'target');
      if (target === undefined) return unsupported(j, report, `${s.name} without a target`);
      return { kind: s.name, at, target };
    }
    case 'counter': {
      if (s.value.kind === 'string') return unsupported(j, report, 'a named counter');
      const packets = numberMember(s.value, 'packets');
      const bytes = numberMember(s.value, 'bytes');
      if ((packets === undefined) !== (bytes === undefined)) {
        report('bad-json', s.value.at, 'a counter has both "packets" and "bytes", or neither');
        return undefined;
      }
      return { kind: 'counter', at, ...(packets !== undefined && bytes !== undefined ? { packets, bytes } : {}) };
    }
    case 'match': {
      const left = jsonExpr(member(s.value, 'left'));
      const op = stringMember(s.value, 'op') as NftOp | undefined;
      const rightJson = member(s.value, 'right');
      if (!left || !op || !OPS.has(op) || !rightJson) return unsupported(j, report, 'a match this model does not read');
      const type = datatypeOf(left);
      const right = value(rightJson, type, report);
      if (!right) return undefined;
      // JSON writes "in" for the implicit bitmask test, and also "==" when nft was given an explicit ==.
      return { kind: 'match', at, left, op: op === 'in' && !isBitmask(type) ? '==' : op, right };
    }
    case 'mangle': {
      const key = jsonExpr(member(s.value, 'key'));
      const v = member(s.value, 'value');
      if (!key || !v) return unsupported(j, report, 'a mangle this model does not read');
      const read = value(v, datatypeOf(key), report);
      return read ? { kind: 'set', at, key, value: read } : undefined;
    }
    case 'redirect': {
      if (s.value.kind === 'null') return { kind: 'redirect', at };
      if (member(s.value, 'flags')) return unsupported(j, report, 'redirect with flags');
      const p = member(s.value, 'port');
      if (p === undefined) return { kind: 'redirect', at };
      const v = value(p, 'inet_service', report);
      return v ? { kind: 'redirect', at, port: v } : undefined;
    }
    case 'tproxy': {
      const family = stringMember(s.value, 'family');
      const addrText = stringMember(s.value, 'addr');
      const p = port(member(s.value, 'port'));
      let addr: Addr | undefined;
      try {
        addr = addrText !== undefined ? parseAddr(addrText) : undefined;
      } catch (e) {
        if (!(e instanceof AddressError)) throw e;
        report('bad-value', s.value.at, `${addrText} is not an address`);
        return undefined;
      }
      return {
        kind: 'tproxy',
        at,
        ...(family === 'ip' || family === 'ip6' ? { family } : {}),
        ...(addr ? { addr } : {}),
        ...(p !== undefined ? { port: p } : {}),
      };
    }
    default:
      return unsupported(j, report, `"${s.name}" is not a statement this model knows`);
  }
}
