// Every target kind's module. The `satisfies` clause is the completeness check: a kind of the Target union with no
// entry here, or an entry missing a piece, is a compile error (test/kinds/registry.test.ts shows it).
import type { Target, TargetKind } from '../../ruleset/index.ts';
import type {
  ContinuingTarget,
  EffectKind,
  TargetEffect,
  TargetKindModule,
  TargetKindRegistry,
  WorkingPacket,
} from '../target-kind.ts';
import { goto, jump, none } from './flow/kind.ts';
import { connmarkRestore, connmarkSave, connmarkSet, mark } from './marks/kind.ts';
import { dnat, masquerade, redirect, snat } from './nat/kind.ts';
import { tproxy } from './tproxy/kind.ts';
import { ct, log, unsupported } from './verbatim/kind.ts';
import { accept, drop, reject, returnKind } from './verdicts/kind.ts';

export const TARGET_KINDS = {
  none,
  accept,
  drop,
  reject,
  return: returnKind,
  jump,
  goto,
  redirect,
  dnat,
  snat,
  masquerade,
  tproxy,
  mark,
  'connmark-set': connmarkSet,
  'connmark-save': connmarkSave,
  'connmark-restore': connmarkRestore,
  ct,
  log,
  unsupported,
} as const satisfies TargetKindRegistry;

/** The module of a target's kind; the registry's type ties each kind to its own module. */
const REGISTRY: TargetKindRegistry = TARGET_KINDS;
export const targetKind = <K extends TargetKind>(t: { readonly kind: K }): TargetKindModule<K> => REGISTRY[t.kind];

/**
 * Does a continuing target's work on the packet. (The registry's type gives each continuing kind its own effect;
 * TypeScript cannot follow that through a union of kinds, hence the one widening here.)
 */
export function applyContinuing(t: ContinuingTarget, p: WorkingPacket): void {
  const effect = REGISTRY[t.kind].continuing as ((t: ContinuingTarget, p: WorkingPacket) => void) | null;
  effect?.(t, p);
}

/**
 * The effect of a NAT or TPROXY target's kind, or null for a kind without one (the same one widening as
 * applyContinuing: the registry's type gives each effect kind its own `effect`).
 */
export const targetEffect = (t: Target): TargetEffect<EffectKind> | null =>
  (REGISTRY[t.kind].effect || null) as TargetEffect<EffectKind> | null;
