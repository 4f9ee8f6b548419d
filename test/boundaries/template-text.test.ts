// The template check (scripts/template-text/check.ts, run by `npm run typecheck`) finds a `${}` that would print
// [object Object] and lets through what prints text: primitives, arrays, formatted values, tagged templates.
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { templateFindings } from '../../scripts/template-text/check.ts';

const SOURCE = `
interface Addr { readonly family: 'ipv4'; readonly words: readonly number[] }
interface TableRef { readonly family: 'ip'; readonly name: string }
declare const addr: Addr;
declare const maybe: Addr | null;
declare const table: TableRef;
declare const port: number;
declare const name: string | undefined;
declare function formatAddr(a: Addr): string;
declare function tag(s: TemplateStringsArray, ...v: unknown[]): string;
class Labelled { toString(): string { return 'x'; } }
export const bad1 = \`\${addr}:\${port}\`;
export const bad2 = \`\${maybe}\`;
export const bad3 = \`\${table} \${name}\`;
export const good = \`\${formatAddr(addr)}:\${port} \${addr.words} \${name} \${new Labelled()} \${table.name}\`;
export const tagged = tag\`\${addr}\`;
`;

function findingsOf(source: string) {
  const file = '/virtual/sample.ts';
  const options: ts.CompilerOptions = { strict: true, target: ts.ScriptTarget.ES2022, noEmit: true };
  const host = ts.createCompilerHost(options);
  const read = host.getSourceFile.bind(host);
  host.getSourceFile = (name, lang) => (name === file ? ts.createSourceFile(name, source, lang) : read(name, lang));
  const program = ts.createProgram({ rootNames: [file], options, host });
  return templateFindings(program, (f) => f === file).map((f) => `${f.line}:${f.text}:${f.type}`);
}

describe('template check', () => {
  it('reports objects in a substitution and nothing else', () => {
    expect(findingsOf(SOURCE)).toEqual(['12:addr:Addr', '13:maybe:Addr | null', '14:table:TableRef']);
  });
});
