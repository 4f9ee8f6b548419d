export { rulePurpose } from './purpose.ts';
export { explainRule, type RuleExplanation } from './rule.ts';
