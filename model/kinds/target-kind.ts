// What one target kind must provide, so that everything about a kind sits in its folder (targets/<family>/) and the
// registry (targets/registry.ts) is checked by the compiler: a kind without a module, or a module without a piece,
// does not compile. How a terminal NAT target changes a packet needs the host (its interfaces and listeners) and
// stays with the kernel stage's traversal (model/kernel/targets.ts); every other effect is here.
import type { Packet, Target, TargetKind } from '../ruleset/index.ts';
import type { TargetModule } from '../syntax/index.ts';
import type { ConstantSink } from './match-kind.ts';

export type TargetOf<K extends TargetKind> = Extract<Target, { kind: K }>;

/** Targets that do their work (count, log, mark) and let the traversal go on to the next rule. */
export type ContinuingKind = 'none' | 'log' | 'ct' | 'mark' | 'connmark-set' | 'connmark-save' | 'connmark-restore';
export type ContinuingTarget = TargetOf<ContinuingKind>;

/** A packet a traversal may change in place. */
export type WorkingPacket = { -readonly [K in keyof Packet]: Packet[K] };

/** The single-point changes of a rule's target (the mutation analysis). */
export interface TargetEdit {
  readonly kind: 'jump-target' | 'port';
  /** Readable and stable, e.g. "jump ISTIO_REDIRECT -> RETURN" (part of a mutant's id). */
  readonly what: string;
  /** May be of another kind (a jump becomes a RETURN). */
  readonly target: Target;
}

/** How iptables writes a target kind: the `-j` targets that produce it and iptables-save's text for it. */
export interface TargetKindIptables<K extends TargetKind> {
  /** The `-j` targets whose options produce this kind, by name (jumps, gotos and no target have none). */
  readonly modules: Readonly<Record<string, TargetModule>>;
  /** iptables-save's text for the target (each target's `save` function in iptables/extensions); '' for none. */
  readonly print: (t: TargetOf<K>) => string;
}

export interface TargetKindModule<K extends TargetKind> {
  /**
   * For a continuing kind, what it does to the packet before the traversal goes on (null when nothing); a terminal
   * kind ends the rule's chain (a verdict, a jump, a NAT binding) and the traversal handles it.
   */
  readonly continuing: K extends ContinuingKind ? ((t: TargetOf<K>, p: WorkingPacket) => void) | null : false;
  /** What the rule is for, from its target alone, when nothing more specific is known (model/explain). */
  readonly purpose: (t: TargetOf<K>) => string;
  /** Tells `sink` the constants the target mentions (model/invariants/domain.ts). */
  readonly constants: (t: TargetOf<K>, sink: ConstantSink) => void;
  /** The target's single-point mutants, in a stable order, given the user chains of its table. */
  readonly mutants: (t: TargetOf<K>, userChains: readonly string[]) => readonly TargetEdit[];
  readonly iptables: TargetKindIptables<K>;
}

export type TargetKindRegistry = { readonly [K in TargetKind]: TargetKindModule<K> };

/** The purpose of most targets: `applies MARK`, `applies CONNMARK-SET`. */
export const appliesKind = (t: { readonly kind: string }): string => `applies ${t.kind.toUpperCase()}`;

export const noConstants = (): void => {};
export const noMutants = (): readonly TargetEdit[] => [];

/** Words joined by one space, skipping absent ones (iptables-save's optional options). */
export const words = (...parts: (string | false | undefined)[]): string =>
  parts.filter((p) => p !== false && p !== undefined).join(' ');
