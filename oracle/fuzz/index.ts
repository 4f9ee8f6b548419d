// The kernel fuzzer: random rulesets and connections replayed on both iptables backends, judged against the model.
export { judge, type Verdict } from './compare.ts';
export { caseArb, type FuzzCase, type FuzzConnection, rulesArb } from './generate.ts';
export { listenersOf, modelWorld, type Prediction, predict } from './predict.ts';
export { type FuzzFigures, type FuzzOptions, type FuzzReport, runFuzz } from './run.ts';
export { type CaseResult, caseDisagrees, describeConnection, runCase } from './run-case.ts';
export { FuzzSession, type KernelObservation } from './session.ts';
