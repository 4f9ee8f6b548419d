// Whether a kind switches conntrack on in its network namespace. Conntrack's hooks are registered per namespace and
// family only while something holds nf_ct_netns_get (net/netfilter/nf_conntrack_proto.c), and the callers are the
// checkentry functions of extensions, so one loaded rule of a kind that takes the reference is enough. Each kind
// module declares it, citing its extension; model/kernel/conntrack-users.ts asks the registry.

/** What one rule's match or target does: takes the reference, does not, or the model cannot tell (verbatim ones). */
export type ConntrackUse = 'uses' | 'does-not-use' | 'unknown';

/** A kind's declaration: the same for every rule of the kind, or depending on the rule (CT --notrack, verbatim ones). */
export type ConntrackDeclaration<T> = 'uses' | 'does-not-use' | ((x: T) => ConntrackUse);

export const conntrackUseOf = <T>(declaration: ConntrackDeclaration<T>, x: T): ConntrackUse =>
  typeof declaration === 'function' ? declaration(x) : declaration;
