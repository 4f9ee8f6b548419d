// A built-in profile: one Istio release's default sidecar rules, its Envoy and pilot-agent behaviour, and the facts
// about it that the tests hold the model to. Each profile is one module (istio-X.Y.ts), the one place to edit it.
import type { InvariantId } from '../invariants/index.ts';
import type { EnvoyBehaviour } from '../pod/index.ts';

export type ProfileName =
  | 'istio-1.4'
  | 'istio-1.5'
  | 'istio-1.8'
  | 'istio-1.10'
  | 'istio-1.11'
  | 'istio-1.14'
  | 'istio-1.18'
  | 'istio-1.22'
  | 'istio-1.25';

/** Invariants with a hand-written sentence each: why (never computed by the code under test). */
export type InvariantFacts = Readonly<Partial<Record<InvariantId, string>>>;

export interface Profile<N extends ProfileName = ProfileName> {
  readonly name: N;
  readonly version: string;
  readonly summary: string;
  readonly envoy: EnvoyBehaviour;
  /** Invariants these rules really break, and what breaks them in Istio's own history. */
  readonly violates: InvariantFacts;
  /** Invariants that do not apply to these rules, and why. */
  readonly notApplicable: InvariantFacts;
  /**
   * For the profiles the mutation suites run on: per invariant, the id of a single mutant of these rules that it kills
   * (model/mutate names mutants), so no invariant can pass vacuously.
   */
  readonly killers?: InvariantFacts;
  /** The nat table as `iptables-save` prints it, headed by comments naming the Istio commit it was reconstructed from. */
  readonly rulesText: string;
}
