// The configured stage: the pod and the intent a capture configuration describes, for a version (proxy identities,
// application ports, interfaces, DNS servers, TPROXY's route, Envoy's behaviour; what each invariant should hold the
// rules to). Code outside the stage imports only this file.
export { envoyBehaviourOf } from './behaviour.ts';
export { type CaptureDoubt, type CaptureDoubtKind, captureDoubts } from './doubt.ts';
export { expectedRulesets } from './expected.ts';
export { type NameTable, NO_NAMES, type Resolved, resolveOwners } from './groups.ts';
export { type ConfiguredIntent, intentOf } from './intent.ts';
export { resolveSetup, type Setup, type SetupInput, type VersionSource } from './setup.ts';
export { type ConfiguredWorld, type ConfiguredWorldOptions, configuredWorldOptions } from './world.ts';
