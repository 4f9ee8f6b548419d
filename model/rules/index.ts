export { deleteRules, getChain } from './edit.ts';
export { formatIssues, type IssueReport, lineIndex, type Positioned, renderIssue } from './issue-report.ts';
export { formatIssue, type Issue } from './issues.ts';
export { type Backend, type LoadRefusal, loadRefusals, type RefusalCode } from './loadability.ts';
export { parseDump, parseDumpOrThrow } from './parse.ts';
export { printDump, printRuleset, ruleText, stripPositions } from './print.ts';
export {
  BUILTIN_CHAINS,
  type BuiltinChainName,
  type Chain,
  type CtState,
  type DumpFormat,
  type Match,
  type OwnerCriterion,
  type Range,
  type Rule,
  type Ruleset,
  type SourcePos,
  TABLE_NAMES,
  type Table,
  type TableName,
  type Target,
} from './types.ts';
export { whyMatched } from './why-matched.ts';
