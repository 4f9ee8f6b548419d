// The tables a restore builds up while it replays statements: built-in chains with their policies, then user chains.
import type { CompiledRule } from './rule-compile.ts';
import { BUILTIN_CHAINS, type TableName } from './types.ts';

export interface ChainState {
  readonly name: string;
  readonly builtin: boolean;
  policy: 'ACCEPT' | 'DROP' | null;
  readonly rules: CompiledRule[];
}

export interface TableState {
  readonly name: TableName;
  /** Built-in chains first (kernel order), then user chains in declaration order. */
  readonly chains: Map<string, ChainState>;
}

export function newTable(name: TableName): TableState {
  const chains = new Map<string, ChainState>();
  for (const chain of BUILTIN_CHAINS[name])
    chains.set(chain, { name: chain, builtin: true, policy: 'ACCEPT', rules: [] });
  return { name, chains };
}
