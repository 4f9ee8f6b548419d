export { CAPTURE_CHECK, type CaptureFinding, captureOf, reachableFrom } from './capture.ts';
export { DEAD_RULES_LINT, findInvariant, INVARIANTS } from './catalog.ts';
export { type CounterexampleView, describeConnection, renderCounterexampleText } from './counterexample.ts';
export { actorFor, buildDomain, type Domain, domainConnections } from './domain.ts';
export { type Intent, inferIntent } from './intent.ts';
export {
  type CheckBasis,
  type CheckReport,
  type Counterexample,
  checkWorld,
  type InvariantReport,
  invariantContext,
} from './run.ts';
export { istiodAddresses, metricsPorts } from './scope.ts';
export type { CheckResult, Invariant, InvariantContext, InvariantId, TwinFamily } from './types.ts';
