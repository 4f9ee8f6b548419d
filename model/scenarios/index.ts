export { findScenario, SCENARIOS, type Scenario } from './scenarios.ts';
