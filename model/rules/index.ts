export { deleteRules, getChain } from './edit.ts';
export { formatIssue, type Issue, type IssueCode, RulesParseError } from './issues.ts';
export { type ParsedDump, type ParseOptions, type ParseResult, parseDump, parseDumpOrThrow } from './parse.ts';
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
