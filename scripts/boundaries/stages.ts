// The stages of sidecar-chains and the one import rule between them.
//
// A stage is a folder with an `index.ts`: its façade, which only re-exports and is the stage's whole API.
// - Code inside a stage imports its own files freely.
// - Code outside a stage imports it only through its `index.ts`, never a file behind it (a "deep import").
// - A test under `test/<name>/` is the unit-test suite of the stage called <name> and may import that stage's files;
//   every other import from a test goes through façades, like any other code.
// - `model/` is the pure core: its files import nothing outside `model/` except the packages in MODEL_DEPENDENCIES
//   (no `node:*`, no scripts, no tests).
// - No import cycles: not between files (inside a stage either), and not between stages (the stage graph is a DAG).

export interface Stage {
  /** The name a test folder uses to claim it: `test/<name>/`. */
  readonly name: string;
  /** The stage's folder, relative to the repository root, with `/` separators. */
  readonly dir: string;
}

export interface Layout {
  readonly stages: readonly Stage[];
  /** The folder of the pure core. */
  readonly coreDir: string;
  /** Packages the core may import (bare specifiers). */
  readonly coreDependencies: readonly string[];
  /** The folder whose sub-folders are unit tests of the stage of the same name. */
  readonly testDir: string;
}

const modelStage = (name: string): Stage => ({ name, dir: `model/${name}` });

export const LAYOUT: Layout = {
  stages: [
    // In pipeline order, as README's stage table lists them (test/boundaries holds the two together).
    ...[
      'net',
      'ruleset',
      'syntax',
      'kinds',
      'rules',
      'nft',
      'input',
      'kernel',
      'trace',
      'pod',
      'scenarios',
      'classes',
      'invariants',
      'explain',
      'mutate',
      'profiles',
      'claims',
      'istio',
      'configured',
      'review',
    ].map(modelStage),
    { name: 'properties', dir: 'properties' },
    { name: 'docs-gen', dir: 'docs-gen' },
    { name: 'oracle', dir: 'oracle' },
    { name: 'cli', dir: 'scripts/cli' },
    { name: 'boundaries', dir: 'scripts/boundaries' },
  ],
  coreDir: 'model',
  coreDependencies: ['ipaddr.js', '@humanwhocodes/momoa'],
  testDir: 'test',
};

const inside = (file: string, dir: string): boolean => file.startsWith(`${dir}/`);

/** The stage a file belongs to, or undefined for files outside every stage (entry scripts, tests, configuration). */
export function stageOf(file: string, layout: Layout): Stage | undefined {
  return layout.stages.find((s) => inside(file, s.dir));
}

/** The stage whose unit tests a file under `test/<name>/` is. */
export function testedStageOf(file: string, layout: Layout): Stage | undefined {
  if (!inside(file, layout.testDir)) return undefined;
  const folder = file.slice(layout.testDir.length + 1).split('/')[0];
  return layout.stages.find((s) => s.name === folder);
}

export const facadeOf = (stage: Stage): string => `${stage.dir}/index.ts`;

export const isInCore = (file: string, layout: Layout): boolean => inside(file, layout.coreDir);
