export {
  formatIssue,
  formatIssues,
  type Issue,
  type IssueCode,
  type IssueReport,
  lineIndex,
  type Positioned,
  RulesParseError,
  renderIssue,
} from '../syntax/index.ts';
export { deleteRules, getChain } from './edit.ts';
export { type Backend, type LoadRefusal, loadRefusals, type RefusalCode } from './loadability.ts';
export { type ParsedDump, type ParseOptions, type ParseResult, parseDump, parseDumpOrThrow } from './parse.ts';
export { printDump, printRuleset, ruleText, stripPositions } from './print.ts';
export {
  type BaseHook,
  BUILTIN_CHAINS,
  type BuiltinChainName,
  type Chain,
  type CtState,
  type DumpFormat,
  iptablesBaseHook,
  iptablesFamily,
  type Match,
  type OwnerCriterion,
  type Range,
  type Rule,
  type Ruleset,
  type SourcePos,
  TABLE_NAMES,
  type Table,
  type TableFamily,
  type TableName,
  type TableRef,
  type Target,
} from './types.ts';
export { whyMatched } from './why-matched.ts';
