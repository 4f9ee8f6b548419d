export { generateMutants, type Mutant } from './mutants.ts';
export { type MutationSummary, mutationAnalysis, renderMutationSummary } from './score.ts';
