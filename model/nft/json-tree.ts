// JSON text into values that remember where they were written: @humanwhocodes/momoa parses with line and column for
// every node, and reports syntax errors with theirs.
import { parse } from '@humanwhocodes/momoa';
import type { Report } from './report.ts';
import type { Span } from './types.ts';

export type Json =
  | { readonly kind: 'object'; readonly at: Span; readonly members: ReadonlyMap<string, Json> }
  | { readonly kind: 'array'; readonly at: Span; readonly items: readonly Json[] }
  | { readonly kind: 'string'; readonly at: Span; readonly value: string }
  | { readonly kind: 'number'; readonly at: Span; readonly value: number }
  | { readonly kind: 'boolean'; readonly at: Span; readonly value: boolean }
  | { readonly kind: 'null'; readonly at: Span };

interface MomoaLoc {
  readonly start: { readonly line: number; readonly column: number; readonly offset: number };
  readonly end: { readonly line: number; readonly column: number; readonly offset: number };
}

interface MomoaNode {
  readonly type: string;
  readonly loc: MomoaLoc;
  readonly value?: unknown;
  readonly members?: readonly { readonly name: { readonly value: string }; readonly value: MomoaNode }[];
  readonly elements?: readonly { readonly value: MomoaNode }[];
}

function spanOf(loc: MomoaLoc): Span {
  const length = loc.start.line === loc.end.line ? loc.end.column - loc.start.column : 1;
  return { line: loc.start.line, column: loc.start.column, length: Math.max(1, length) };
}

function convert(node: MomoaNode): Json {
  const at = spanOf(node.loc);
  switch (node.type) {
    case 'Object':
      return {
        kind: 'object',
        at,
        members: new Map((node.members ?? []).map((m) => [m.name.value, convert(m.value)])),
      };
    case 'Array':
      return { kind: 'array', at, items: (node.elements ?? []).map((e) => convert(e.value)) };
    case 'String':
      return { kind: 'string', at, value: node.value as string };
    case 'Number':
      return { kind: 'number', at, value: node.value as number };
    case 'Boolean':
      return { kind: 'boolean', at, value: node.value as boolean };
    default:
      return { kind: 'null', at };
  }
}

export function readJson(text: string, report: Report): Json | undefined {
  try {
    return convert(parse(text, { mode: 'json' }).body as unknown as MomoaNode);
  } catch (e) {
    const err = e as { message?: string; line?: number; column?: number };
    const message = (err.message ?? String(e)).replace(/\s*\(\d+:\d+\)$/, '');
    // At the end of the input momoa can place the column past the line's end; point just after the last character.
    const lines = text.split('\n');
    const line = Math.min(Math.max(1, err.line ?? 1), lines.length);
    const column = Math.min(Math.max(1, err.column ?? 1), lines[line - 1]!.length + 1);
    report('bad-json', { line, column, length: 1 }, `not valid JSON: ${message}`);
    return undefined;
  }
}

/** The JSON text of a value (for unsupported constructs, kept verbatim). */
export function jsonText(j: Json): string {
  switch (j.kind) {
    case 'object':
      return `{${[...j.members].map(([k, v]) => `${JSON.stringify(k)}: ${jsonText(v)}`).join(', ')}}`;
    case 'array':
      return `[${j.items.map(jsonText).join(', ')}]`;
    case 'null':
      return 'null';
    default:
      return JSON.stringify(j.value);
  }
}

export function member(j: Json | undefined, name: string): Json | undefined {
  return j?.kind === 'object' ? j.members.get(name) : undefined;
}

export function stringMember(j: Json | undefined, name: string): string | undefined {
  const m = member(j, name);
  return m?.kind === 'string' ? m.value : undefined;
}

export function numberMember(j: Json | undefined, name: string): number | undefined {
  const m = member(j, name);
  return m?.kind === 'number' ? m.value : undefined;
}

/** An object with exactly one member (`{"meta": {…}}`): its name and value. */
export function single(j: Json | undefined): { name: string; value: Json } | undefined {
  if (j?.kind !== 'object' || j.members.size !== 1) return undefined;
  const [name, value] = [...j.members][0]!;
  return { name, value };
}
