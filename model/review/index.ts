export { type Affect, affects, applyAlone } from './affects.ts';
export { type RuleChange, ruleChanges } from './rule-changes.ts';
export { type RuleViewEntry, ruleView, ruleWhere } from './rule-view.ts';
