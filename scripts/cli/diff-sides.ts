// What each side of `diff OLD NEW` is: a rules FILE (any format check reads, - for standard input), a built-in
// profile (--old-profile/--new-profile), or an Istio configuration (--old-config FILE, --old-istio-args '…',
// --old-pod FILE and their --new-* twins), whose side is the rules its generator writes (iptables, or Istio's native
// nftables with --backend nftables). --old-istio-version/--new-istio-version say which version applies to that side.
// Positional FILEs fill, in order, the sides no option gives; a side given twice or not at all is a usage error.
import type { IstioVersion } from '../../model/istio/index.ts';
import { CliError } from './exit.ts';
import type { SessionOptions } from './session.ts';

export type SideName = 'old' | 'new';

export interface DiffSideOptions {
  readonly oldProfile?: string;
  readonly newProfile?: string;
  readonly oldConfig?: string;
  readonly newConfig?: string;
  readonly oldIstioArgs?: string;
  readonly newIstioArgs?: string;
  readonly oldPod?: string;
  readonly newPod?: string;
  readonly oldIstioVersion?: IstioVersion;
  readonly newIstioVersion?: IstioVersion;
  readonly backend?: 'iptables' | 'nftables';
}

/** How one side is given: a FILE, or the session options that load it (profile or configuration). */
export interface DiffSide {
  readonly name: SideName;
  readonly file: string | undefined;
  readonly options: Partial<SessionOptions>;
}

const OPTION_WORDS = {
  profile: 'profile',
  config: 'config',
  istioArgs: 'istio-args',
  pod: 'pod',
} as const;

function sideOptions(name: SideName, o: DiffSideOptions): { given: string[]; options: Partial<SessionOptions> } {
  const pick = {
    profile: name === 'old' ? o.oldProfile : o.newProfile,
    config: name === 'old' ? o.oldConfig : o.newConfig,
    istioArgs: name === 'old' ? o.oldIstioArgs : o.newIstioArgs,
    pod: name === 'old' ? o.oldPod : o.newPod,
  };
  const given = (Object.keys(pick) as (keyof typeof pick)[]).filter((k) => pick[k] !== undefined);
  const version = name === 'old' ? o.oldIstioVersion : o.newIstioVersion;
  const options: Partial<SessionOptions> = {
    ...(pick.profile !== undefined ? { profile: pick.profile } : {}),
    ...(pick.config !== undefined ? { config: pick.config } : {}),
    ...(pick.istioArgs !== undefined ? { istioArgs: pick.istioArgs } : {}),
    ...(pick.pod !== undefined ? { pod: pick.pod } : {}),
    ...(version ? { istioVersion: version } : {}),
    ...(o.backend ? { backend: o.backend } : {}),
  };
  return { given: given.map((k) => `--${name}-${OPTION_WORDS[k]}`), options };
}

/** Both sides, or a usage error that says what is missing or given twice. */
export function diffSides(files: readonly string[], o: DiffSideOptions): [DiffSide, DiffSide] {
  const rest = [...files];
  const sides = (['old', 'new'] as const).map((name): DiffSide => {
    const { given, options } = sideOptions(name, o);
    if (given.length > 1) {
      throw new CliError(`${name.toUpperCase()} is given twice (${given.join(', ')}): give one of them`, true);
    }
    const file = given.length === 0 ? rest.shift() : undefined;
    if (given.length === 0 && file === undefined) {
      throw new CliError(
        `missing ${name.toUpperCase()}: give a FILE, --${name}-profile NAME or a configuration (--${name}-config FILE, --${name}-istio-args '…', --${name}-pod FILE)`,
        true,
      );
    }
    return { name, file, options };
  });
  if (rest.length > 0) {
    throw new CliError(`too many rules inputs: ${rest.join(' ')} (give OLD and NEW, each a FILE or a profile)`, true);
  }
  const [old, neu] = sides as [DiffSide, DiffSide];
  if (old.file === '-' && neu.file === '-') throw new CliError('only one side can read standard input (-)', true);
  const generated = sides.some((s) => s.options.config ?? s.options.istioArgs ?? s.options.pod);
  if (o.backend === 'nftables' && !generated) {
    throw new CliError(
      '--backend applies to a configuration side (--old-config, --new-istio-args, …): a FILE or profile is read as it is',
      true,
    );
  }
  return [old, neu];
}
