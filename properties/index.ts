export { anyConnectionArb } from './arbitraries/connection.ts';
export { findCounterexample } from './find-counterexample.ts';
export { type FcSettings, fcSettings } from './settings.ts';
