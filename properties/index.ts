export { anyConnectionArb } from './arbitraries/connection.ts';
export { EXPECTED_NOT_APPLICABLE, EXPECTED_VIOLATIONS } from './expected.ts';
export { findCounterexample } from './find-counterexample.ts';
export { fcSettings } from './settings.ts';
