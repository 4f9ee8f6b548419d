export { formatIssue, type Issue, type IssueCode, RulesParseError } from './issues.ts';
export { type ParsedDump, type ParseOptions, type ParseResult, parseDump, parseDumpOrThrow } from './parse.ts';
export { printDump, printRuleset, ruleText, stripPositions } from './print.ts';
export * from './types.ts';
