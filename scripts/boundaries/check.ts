// Checks a source tree against the layout's import rule (see stages.ts) and returns every breach as data.
import { cyclesOf } from './cycles.ts';
import { type Import, importGraph, packageOf, type SourceTree } from './imports.ts';
import { facadeOf, isInCore, LAYOUT, type Layout, type Stage, stageOf, testedStageOf } from './stages.ts';

export type Finding =
  | { readonly kind: 'deep-import'; readonly import: Import; readonly stage: string }
  | { readonly kind: 'impure-core-import'; readonly import: Import }
  | { readonly kind: 'unresolved-import'; readonly import: Import }
  | { readonly kind: 'file-cycle'; readonly files: readonly string[] }
  | { readonly kind: 'stage-cycle'; readonly stages: readonly string[] };

/** May `file` import `target` (a file of `stage`, not its façade)? Only from inside the stage or its unit tests. */
function mayReachInside(file: string, stage: Stage, layout: Layout): boolean {
  return stageOf(file, layout) === stage || testedStageOf(file, layout) === stage;
}

function importFindings(imp: Import, tree: SourceTree, layout: Layout): Finding[] {
  if (imp.to === undefined) {
    const allowed = !imp.specifier.startsWith('node:') && layout.coreDependencies.includes(packageOf(imp.specifier));
    return isInCore(imp.from, layout) && !allowed ? [{ kind: 'impure-core-import', import: imp }] : [];
  }
  const findings: Finding[] = [];
  if (!tree.has(imp.to) && !imp.to.endsWith('.json')) findings.push({ kind: 'unresolved-import', import: imp });
  if (isInCore(imp.from, layout) && !isInCore(imp.to, layout))
    findings.push({ kind: 'impure-core-import', import: imp });
  const target = stageOf(imp.to, layout);
  if (target && imp.to !== facadeOf(target) && !mayReachInside(imp.from, target, layout)) {
    findings.push({ kind: 'deep-import', import: imp, stage: target.name });
  }
  return findings;
}

function edgesOf(pairs: Iterable<readonly [string, string]>): Map<string, Set<string>> {
  const edges = new Map<string, Set<string>>();
  for (const [a, b] of pairs) {
    const set = edges.get(a) ?? new Set<string>();
    set.add(b);
    edges.set(a, set);
  }
  return edges;
}

export function checkBoundaries(tree: SourceTree, layout: Layout = LAYOUT): Finding[] {
  const imports = importGraph(tree);
  const findings = imports.flatMap((imp) => importFindings(imp, tree, layout));
  const local = imports.filter((i): i is Import & { to: string } => i.to !== undefined && tree.has(i.to));

  const fileEdges = edgesOf(local.map((i) => [i.from, i.to] as const));
  for (const files of cyclesOf([...tree.keys()], fileEdges)) findings.push({ kind: 'file-cycle', files });

  const stagePairs = local.flatMap((i) => {
    const from = stageOf(i.from, layout);
    const to = stageOf(i.to, layout);
    return from && to && from !== to ? [[from.name, to.name] as const] : [];
  });
  const stageEdges = edgesOf(stagePairs);
  for (const stages of cyclesOf([...stageEdges.keys()], stageEdges)) findings.push({ kind: 'stage-cycle', stages });
  return findings;
}

/** The stage graph: for each stage, the stages it imports (sorted), for the README and the report. */
export function stageGraph(tree: SourceTree, layout: Layout = LAYOUT): Map<string, string[]> {
  const graph = new Map<string, Set<string>>(layout.stages.map((s) => [s.name, new Set()]));
  for (const imp of importGraph(tree)) {
    const from = imp.to === undefined ? undefined : stageOf(imp.from, layout);
    const to = imp.to === undefined ? undefined : stageOf(imp.to, layout);
    if (from && to && from !== to) graph.get(from.name)!.add(to.name);
  }
  return new Map([...graph].map(([k, v]) => [k, [...v].sort()]));
}

export function formatFinding(f: Finding): string {
  switch (f.kind) {
    case 'deep-import':
      return `${f.import.from}:${f.import.line}: deep import of ${f.import.specifier}: import stage ${f.stage} through its index.ts`;
    case 'impure-core-import':
      return `${f.import.from}:${f.import.line}: the pure core imports ${f.import.specifier}, which is outside model/ and not a declared dependency`;
    case 'unresolved-import':
      return `${f.import.from}:${f.import.line}: ${f.import.specifier} does not resolve to a file`;
    case 'file-cycle':
      return `import cycle between files: ${f.files.join(', ')}`;
    case 'stage-cycle':
      return `import cycle between stages: ${f.stages.join(', ')}`;
    default:
      return f satisfies never;
  }
}
