export { addrOf, cidrOf, looksIpv6 } from './addresses.ts';
export { compatToHex, formatInet, formatInetCidr } from './inet.ts';
export { formatIssues, type IssueReport, lineIndex, type Positioned, renderIssue } from './issue-report.ts';
export { formatIssue, type Issue, type IssueCode, RulesParseError } from './issues.ts';
export { isBang, type LexResult, type Loc, looksLikeOption, span, type Token, tokenizeLine } from './lexer.ts';
export {
  bad,
  type Compiled,
  findByPrefix,
  findExact,
  type GivenOption,
  given,
  isUnmodelled,
  type MatchModule,
  type ModuleContext,
  type OptionDef,
  type ProtocolInfo,
  protocolIs,
  type TargetModule,
  type Unmodelled,
  valueWord,
} from './options.ts';
export { bang, nameWord, saveString, tokenSource, verbatim } from './quote.ts';
export { type Collector, collector, hasErrors, type Report } from './report.ts';
export {
  formatRange,
  hex,
  type MarkMask,
  parseIdRange,
  parseMarkMask,
  parsePort,
  parsePortList,
  parsePortRange,
  parseUint,
  U32_MAX,
} from './values.ts';
