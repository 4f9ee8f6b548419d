export type { NftCommand } from './commands.ts';
export { type NftParsed, type NftParseResult, parseNft, parseNftOrThrow, readNftCommands } from './parse.ts';
export * from './types.ts';
