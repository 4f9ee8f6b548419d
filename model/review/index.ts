export { type Affect, affects, applyAlone } from './affects.ts';
export { driftBehaviour } from './drift-behaviour.ts';
export { type RuleChange, ruleChanges } from './rule-changes.ts';
export { type RuleViewEntry, ruleView, ruleWhere } from './rule-view.ts';
