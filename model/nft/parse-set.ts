// A named set's body: `type ipv4_addr`, `flags interval`, `elements = { … }`; other properties (timeout, size,
// policy, counter, auto-merge) do not change which packets match and are passed over with a warning.
import type { Datatype } from './datatypes.ts';
import type { Token } from './lexer.ts';
import { readRightSide } from './read-right.ts';
import type { Report } from './report.ts';
import type { ScriptCursor } from './script-reader.ts';
import type { NftSet, NftValue } from './types.ts';

const ELEMENT_TYPES: Readonly<Record<string, Datatype>> = {
  ipv4_addr: 'ipv4_addr',
  ipv6_addr: 'ipv6_addr',
  inet_service: 'inet_service',
  inet_proto: 'inet_proto',
  mark: 'mark',
  ifname: 'ifname',
  uid: 'uid',
  gid: 'gid',
};

export function setElementType(type: string): Datatype | undefined {
  return ELEMENT_TYPES[type];
}

/** After `{` of `set NAME {`; reads the closing `}`. */
export function readSetBody(
  c: ScriptCursor,
  name: Token,
  handle: number | undefined,
  report: Report,
): NftSet | undefined {
  let type = '';
  const flags: string[] = [];
  let elements: readonly NftValue[] = [];
  for (;;) {
    c.skipBlank();
    const t = c.peek();
    if (!t) {
      report('syntax-error', name, `set ${name.text} is never closed with "}"`);
      return undefined;
    }
    if (t.kind === 'punct' && t.text === '}') {
      c.i++;
      break;
    }
    const keyword = c.word();
    if (keyword === 'elements') {
      c.i++;
      if (c.word() === '=') c.i++;
      if (!c.isPunct('{')) {
        report('syntax-error', c.peek() ?? t, 'expected "= { … }" after elements');
        return undefined;
      }
      const right = readRightSide(c, setElementType(type), report, t);
      if (!right) return undefined;
      elements = right.value.kind === 'set' ? right.value.elements : [right.value];
      continue;
    }
    const { tokens } = c.takeStatement();
    const words = tokens.slice(1).map((w) => w.text);
    if (keyword === 'type' || keyword === 'typeof')
      type = (keyword === 'typeof' ? ['typeof', ...words] : words).join(' ');
    else if (keyword === 'flags') flags.push(...words.filter((w) => w !== ','));
    else
      report(
        'unsupported-object',
        t,
        `set property "${tokens.map((w) => w.text).join(' ')}" is not modelled`,
        'warning',
      );
  }
  if (!type) report('missing-argument', name, `set ${name.text} needs a type`);
  return { name: name.text, at: name, type, flags, elements, ...(handle !== undefined ? { handle } : {}) };
}
