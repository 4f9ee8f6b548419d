export { anyConnectionArb } from './arbitraries/connection.ts';
export { findCounterexample } from './find-counterexample.ts';
export { fcSettings } from './settings.ts';
