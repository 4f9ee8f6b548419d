// `npm run boundaries`: checks the import rule between stages (scripts/boundaries/stages.ts) on this repository,
// prints every breach and the stage graph, and exits 1 on any breach. `npm test` runs the same check.
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkBoundaries, formatFinding, readSourceTree, stageGraph } from './boundaries/index.ts';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const tree = readSourceTree(root);
const findings = checkBoundaries(tree);
if (process.argv.includes('--graph')) {
  for (const [stage, deps] of stageGraph(tree)) process.stdout.write(`${stage} -> ${deps.join(', ') || '(nothing)'}\n`);
}
for (const f of findings) process.stdout.write(`${formatFinding(f)}\n`);
process.stdout.write(`${tree.size} files, ${findings.length} boundary findings\n`);
process.exit(findings.length === 0 ? 0 : 1);
