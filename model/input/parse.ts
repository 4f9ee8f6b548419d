// One entry for any rules text: detect the format, then run the parser that applies.
import { type NftParseResult, parseNft } from '../nft/index.ts';
import { type ParseOptions, type ParseResult, parseDump } from '../rules/index.ts';
import { type Detection, detectFormat } from './detect.ts';

export type AnyParseResult =
  | { readonly parser: 'iptables'; readonly detection: Detection; readonly result: ParseResult }
  | { readonly parser: 'nft'; readonly detection: Detection; readonly result: NftParseResult }
  | { readonly parser: undefined; readonly detection: Detection };

export function parseRulesText(text: string, options: ParseOptions = {}): AnyParseResult {
  const detection = detectFormat(text);
  const format = detection.format;
  if (!format) return { parser: undefined, detection };
  if (format.parser === 'nft') return { parser: 'nft', detection, result: parseNft(text) };
  return { parser: 'iptables', detection, result: parseDump(text, options) };
}
