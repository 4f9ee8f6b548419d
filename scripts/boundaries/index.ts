export { checkBoundaries, type Finding, formatFinding, stageGraph } from './check.ts';
export { readSourceTree } from './read-tree.ts';
export { LAYOUT } from './stages.ts';
