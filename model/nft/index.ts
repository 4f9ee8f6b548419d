export { canonicalRule, type ListingOptions, listingForm } from './canonical.ts';
export type { NftCommand } from './commands.ts';
export { formatNftAddr } from './format-addr.ts';
export { type NftParsed, type NftParseResult, parseNft, parseNftOrThrow, readNftCommands } from './parse.ts';
export { type PrintOptions, printNftRuleset, printTable } from './print.ts';
export { printRule, printStatement } from './print-rule.ts';
export { NFT_1_0_6, type PriorityNames, priorityText } from './priority.ts';
export { type StripOptions, stripNft } from './strip.ts';
export * from './types.ts';
