// The targets the model understands, keyed by the name given to `-j`: each target kind's iptables part
// (model/kinds) names the targets that produce it. A name that is neither here nor a chain of the table is an
// unsupported target (kept verbatim, with a warning) when iptables ships it (UNMODELLED_TARGETS) or options follow
// it, and otherwise a jump to an undefined chain.
import { TARGET_KINDS } from '../kinds/index.ts';
import type { TargetModule } from '../syntax/index.ts';

export { UNMODELLED_TARGETS } from '../kinds/index.ts';

export const TARGET_MODULES: Readonly<Record<string, TargetModule>> = Object.assign(
  {},
  ...Object.values(TARGET_KINDS).map((kind) => kind.iptables.modules),
);

export function targetModule(name: string): TargetModule | undefined {
  return Object.hasOwn(TARGET_MODULES, name) ? TARGET_MODULES[name] : undefined;
}
