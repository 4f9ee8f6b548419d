export { checkBoundaries, type Finding, formatFinding, stageGraph } from './check.ts';
export { type Import, importsOf, type SourceTree } from './imports.ts';
export { readSourceTree } from './read-tree.ts';
export { facadeOf, LAYOUT, type Layout, type Stage, stageOf } from './stages.ts';
