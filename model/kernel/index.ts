export * from './compile.ts';
export * from './hooks.ts';
export * from './match.ts';
export * from './packet.ts';
export * from './path.ts';
export * from './traverse.ts';
