// The import rule between stages (scripts/boundaries/stages.ts) holds on this repository, and each kind of breach is
// caught: a deep import, a cycle between files or between stages, and an impure import from the core.
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { importsOf } from '../../scripts/boundaries/imports.ts';
import {
  checkBoundaries,
  type Finding,
  formatFinding,
  LAYOUT,
  readSourceTree,
  stageGraph,
} from '../../scripts/boundaries/index.ts';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** The findings of a synthetic tree, as `kind file:line specifier` (or the files of a cycle). */
function findingsOf(files: Record<string, string>): string[] {
  return checkBoundaries(new Map(Object.entries(files))).map(brief);
}

function brief(f: Finding): string {
  switch (f.kind) {
    case 'file-cycle':
      return `file-cycle ${f.files.join(' ')}`;
    case 'stage-cycle':
      return `stage-cycle ${f.stages.join(' ')}`;
    default:
      return `${f.kind} ${f.import.from}:${f.import.line} ${f.import.specifier}`;
  }
}

/** A small tree with two stages (pod, kernel) that is clean; each test adds one breach to it. */
const CLEAN = {
  'model/kernel/index.ts': "export { traverse } from './traverse.ts';\n",
  'model/kernel/traverse.ts': "import { Packet } from './packet.ts';\nexport const traverse = 1;\n",
  'model/kernel/packet.ts': "import ipaddr from 'ipaddr.js';\nexport type Packet = string;\n",
  'model/pod/index.ts': "export { simulate } from './simulate.ts';\n",
  'model/pod/simulate.ts': "import { traverse } from '../kernel/index.ts';\nexport const simulate = 1;\n",
  'scripts/cli/index.ts': "export { main } from './main.ts';\n",
  'scripts/cli/main.ts':
    "import { readFileSync } from 'node:fs';\nimport { simulate } from '../../model/pod/index.ts';\n",
  'scripts/docs.ts': "import { main } from './cli/index.ts';\n",
};

describe('the repository', () => {
  it('has no deep import, no cycle and no impure core import', () => {
    const findings = checkBoundaries(readSourceTree(ROOT)).map(formatFinding);
    expect(findings).toEqual([]);
  });

  it('reads every stage, the entry scripts and the tests', () => {
    const files = [...readSourceTree(ROOT).keys()];
    for (const file of [
      'model/net/index.ts',
      'model/rules/parse.ts',
      'scripts/cli/main.ts',
      'oracle/actors/client.mjs',
    ]) {
      expect(files).toContain(file);
    }
    expect(files).toContain('bin/sidecar-chains.js');
    expect(files.some((f) => f.startsWith('test/'))).toBe(true);
    expect(files.some((f) => f.startsWith('node_modules/') || f.startsWith('generated/'))).toBe(false);
  });
});

describe("README's stage table", () => {
  /** The rows of the table under "How it works": stage, folder, imports. */
  function readmeStages(): { stage: string; folder: string; imports: string[] }[] {
    const lines = readFileSync(resolve(ROOT, 'README.md'), 'utf8').split('\n');
    const start = lines.findIndex((l) => l.startsWith('| stage | folder |'));
    const rows = lines.slice(start + 2, lines.indexOf('', start));
    return rows.map((row) => {
      const cells = row.split(' | ').map((c) => c.replace(/^\| /, '').replace(/ \|$/, ''));
      const imports = cells[3] === '-' ? [] : cells[3]!.split(', ');
      return { stage: cells[0]!, folder: cells[1]!.replace(/^`|\/`$/g, ''), imports };
    });
  }

  it('lists every stage with its folder, and the stages each imports, as the code has them', () => {
    const graph = stageGraph(readSourceTree(ROOT));
    expect(readmeStages()).toEqual(
      LAYOUT.stages.map((s) => ({ stage: s.name, folder: s.dir, imports: graph.get(s.name) })),
    );
  });
});

describe('the checker', () => {
  it('finds nothing in a clean tree', () => {
    expect(findingsOf(CLEAN)).toEqual([]);
  });

  it('catches a deep import from a script outside every stage', () => {
    const tree = { ...CLEAN, 'scripts/bench.ts': "import { traverse } from '../model/kernel/traverse.ts';\n" };
    expect(findingsOf(tree)).toEqual(['deep-import scripts/bench.ts:1 ../model/kernel/traverse.ts']);
  });

  it('catches a deep import from another stage, also a type-only one, an export-from and a dynamic import', () => {
    const tree = {
      ...CLEAN,
      'model/pod/world.ts': "import type { Packet } from '../kernel/packet.ts';\n",
      'model/pod/index.ts':
        "export { simulate } from './simulate.ts';\nexport { traverse } from '../kernel/traverse.ts';\n",
      'scripts/cli/lazy.ts': "export async function f() {\n  return import('../../model/pod/simulate.ts');\n}\n",
    };
    expect(findingsOf(tree)).toEqual([
      'deep-import model/pod/index.ts:2 ../kernel/traverse.ts',
      'deep-import model/pod/world.ts:1 ../kernel/packet.ts',
      'deep-import scripts/cli/lazy.ts:2 ../../model/pod/simulate.ts',
    ]);
  });

  it("lets a test under test/<stage>/ import that stage's files, and no other stage's", () => {
    const tree = {
      ...CLEAN,
      'test/kernel/traverse.test.ts': "import { traverse } from '../../model/kernel/traverse.ts';\n",
      'test/pod/simulate.test.ts':
        "import { simulate } from '../../model/pod/simulate.ts';\nimport { Packet } from '../../model/kernel/packet.ts';\n",
    };
    expect(findingsOf(tree)).toEqual(['deep-import test/pod/simulate.test.ts:2 ../../model/kernel/packet.ts']);
  });

  it('catches a cycle between two files of one stage, and a file importing itself', () => {
    const tree = {
      ...CLEAN,
      'model/kernel/packet.ts': "import { traverse } from './traverse.ts';\nexport type Packet = string;\n",
      'model/pod/self.ts': "import { x } from './self.ts';\nexport const x = 1;\n",
    };
    expect(findingsOf(tree)).toEqual([
      'file-cycle model/kernel/packet.ts model/kernel/traverse.ts',
      'file-cycle model/pod/self.ts',
    ]);
  });

  it('catches a cycle between stages that only meet at their façades', () => {
    const tree = {
      ...CLEAN,
      'model/kernel/hooks.ts': "import { simulate } from '../pod/index.ts';\n",
    };
    expect(findingsOf(tree)).toEqual(['stage-cycle kernel pod']);
  });

  it('catches the core importing Node, a package it does not declare, or a file outside model/', () => {
    const tree = {
      ...CLEAN,
      'model/kernel/io.ts': [
        "import { readFileSync } from 'node:fs';",
        "import fc from 'fast-check';",
        "import { main } from '../../scripts/docs.ts';",
        "import lib from 'ipaddr.js/lib/ipaddr.js';",
        '',
      ].join('\n'),
    };
    expect(findingsOf(tree)).toEqual([
      'impure-core-import model/kernel/io.ts:1 node:fs',
      'impure-core-import model/kernel/io.ts:2 fast-check',
      'impure-core-import model/kernel/io.ts:3 ../../scripts/docs.ts',
    ]);
  });

  it('catches an import of a file that does not exist', () => {
    const tree = { ...CLEAN, 'scripts/docs.ts': "import { main } from './cli/missing.ts';\n" };
    expect(findingsOf(tree)).toEqual([
      'unresolved-import scripts/docs.ts:1 ./cli/missing.ts',
      'deep-import scripts/docs.ts:1 ./cli/missing.ts',
    ]);
  });
});

describe('reading imports', () => {
  it('reads import, import type, export-from and import(), never an import written in a comment or a string', () => {
    const text = [
      '// import { x } from "./commented.ts";',
      'const s = "import { y } from \'./quoted.ts\'";',
      "import { a } from './a.ts';",
      "import type { B } from './b.ts';",
      "export { c } from './c.ts';",
      "const d = await import('./d.ts');",
      '',
    ].join('\n');
    expect(importsOf('model/pod/x.ts', text).map((i) => [i.specifier, i.line, i.to])).toEqual([
      ['./a.ts', 3, 'model/pod/a.ts'],
      ['./b.ts', 4, 'model/pod/b.ts'],
      ['./c.ts', 5, 'model/pod/c.ts'],
      ['./d.ts', 6, 'model/pod/d.ts'],
    ]);
  });
});
