// npm run fuzz -- [--backend nft|legacy|both] [--rulesets N] [--connections M] [--seed S] [--out FILE]
// The kernel fuzzer's long run (root): random rulesets replayed on the real kernel and judged against the model.
// Prints the seed first (a fresh one unless given), one summary line per backend, and each shrunk counterexample.
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { type Backend, type FuzzFigures, oracleAvailability, runFuzz } from '../oracle/index.ts';

const { values } = parseArgs({
  options: {
    backend: { type: 'string', default: 'both' },
    rulesets: { type: 'string', default: '100' },
    connections: { type: 'string', default: '12' },
    seed: { type: 'string' },
    out: { type: 'string' },
  },
});
const backends: Backend[] = values.backend === 'both' ? ['nft', 'legacy'] : [values.backend as Backend];
const seed = values.seed === undefined ? Math.floor(Math.random() * 2 ** 31) : Number(values.seed);
const rulesets = Number(values.rulesets);
console.log(`fuzz: seed ${seed} (replay with --seed ${seed}); ${rulesets} rulesets per family and backend`);
const figures: Record<string, FuzzFigures> = {};
let failed = false;
for (const backend of backends) {
  const available = oracleAvailability(backend);
  if (!available.ok) {
    console.log(`fuzz ${backend}: skipped, ${available.reason}`);
    failed = true;
    continue;
  }
  const report = await runFuzz({ backend, seed, rulesets, connections: Number(values.connections) });
  const f = report.figures;
  figures[backend] = f;
  console.log(
    `fuzz ${backend}: ${f.rulesets} rulesets (${f.loadedBoth} loaded, ${f.refusedBoth} refused by both), ${f.connections} connections: ${f.agree} agree, ${f.undetermined} undetermined, ${f.disagree} disagree`,
  );
  for (const c of report.counterexamples) {
    failed = true;
    console.log(
      `counterexample (${backend}, ${c.case.family}): ${c.what}\n${c.case.rules}${JSON.stringify(c.case.connections)}`,
    );
  }
}
if (values.out)
  writeFileSync(values.out, `${JSON.stringify({ seed, rulesetsPerFamily: rulesets, backends: figures }, null, 2)}\n`);
process.exitCode = failed ? 1 : 0;
