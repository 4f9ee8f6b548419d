// The input stage: which parser a rules text is for (iptables or nftables), and one call that runs it.
export { type Detection, detectFormat, type InputFormat } from './detect.ts';
export { type AnyParseResult, parseRulesText } from './parse.ts';
