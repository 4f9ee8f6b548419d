// Reads the rules a command was given (FILE, - or --profile) and builds the pod world around them. Every way this
// can fail is the user's input, so it fails with a CliError whose message names the file, line and column.
import { basename, extname, resolve } from 'node:path';
import {
  configuredWorldOptions,
  envoyBehaviourOf,
  type NameTable,
  NO_NAMES,
  type Setup,
} from '../../model/configured/index.ts';
import { parseRulesText } from '../../model/input/index.ts';
import { injectedConfig, NEWEST_VERSION } from '../../model/istio/index.ts';
import { type Family, formatAddr } from '../../model/net/index.ts';
import { type NftFormat, nftRulesets } from '../../model/nft/index.ts';
import { type EnvoyBehaviour, makeWorld, type World } from '../../model/pod/index.ts';
import { findProfile, NFT_PROFILE, type NftProfile, type Profile } from '../../model/profiles/index.ts';
import {
  type DumpFormat,
  formatIssues,
  type Issue,
  type LoadRefusal,
  lineIndex,
  loadRefusals,
  type OwnerNames,
  type Ruleset,
  renderIssue,
} from '../../model/rules/index.ts';
import { legacyNote, refuseConcatenatedIpv4 } from './dump-notes.ts';
import { CliError } from './exit.ts';
import { type CliIo, readTextFile } from './io.ts';
import { checkInputSize } from './limits.ts';
import type { PodOptions, RulesInputOptions } from './options.ts';

export interface LoadedRules {
  /** `generated`: no rules were given, so they were generated from the configuration. */
  readonly source: 'file' | 'stdin' | 'profile' | 'generated';
  /** How output names the rules: the file as given, `<stdin>`, or `profile istio-1.10`. */
  readonly label: string;
  /** A name for files written about these rules: the profile, the file's base name without extension, or `stdin`. */
  readonly slug: string;
  /** The command-line words that give these rules again (for replay hints). */
  readonly args: readonly string[];
  readonly text: string;
  /** The iptables forms, or nftables' (list ruleset text, JSON, an `nft -f` script such as Istio's goldens). */
  readonly format: DumpFormat | NftFormat;
  /** IPv4 first: the families the command works on (--family keeps one). */
  readonly rulesets: readonly Ruleset[];
  /** Every family of the dump, whatever --family says: the configuration is read back from, and compared with, all. */
  readonly allRulesets: readonly Ruleset[];
  readonly warnings: readonly Issue[];
  /** What iptables-nft alone would refuse to load (what every backend refuses stops the command). */
  readonly refusals: readonly LoadRefusal[];
  readonly profile?: Profile | NftProfile;
}

/** How many parse issues an error report shows unless --max-issues says otherwise. */
export const DEFAULT_MAX_ISSUES = 20;

const count = (n: number, what: string) => `${n.toLocaleString('en-US')} ${what}${n === 1 ? '' : 's'}`;

export interface ParsedRules {
  readonly value?: { format: DumpFormat | NftFormat; rulesets: readonly Ruleset[]; warnings: readonly Issue[] };
  readonly issues: readonly Issue[];
}

/**
 * iptables or nftables text, told apart by model/input. An nft ruleset gives one ruleset per family that has a table
 * (an inet table serves both); a family with no table of its own has no rules, as with iptables.
 */
export function parseRules(text: string, family: Family | undefined, names?: OwnerNames): ParsedRules {
  const any = parseRulesText(text, { ...(family ? { family } : {}), ...(names ? { names } : {}) });
  if (any.parser === undefined) return { issues: any.detection.issues };
  if (any.parser === 'iptables') return any.result;
  const { value, issues } = any.result;
  if (!value) return { issues: [...any.detection.issues, ...issues] };
  const converted = nftRulesets(value.ruleset);
  const all = [...any.detection.issues, ...issues, ...converted.issues];
  if (all.some((i) => i.severity === 'error')) return { issues: all };
  const rulesets = [converted.ipv4, converted.ipv6].filter((r) => r.tables.length > 0);
  return { value: { format: value.format, rulesets, warnings: all }, issues: all };
}

async function readInput(file: string, io: CliIo): Promise<string> {
  if (file === '-') {
    if (io.stdinIsTTY) io.stderr.write('reading rules from standard input (end with Ctrl-D)\n');
    return io.readStdin();
  }
  try {
    return await readTextFile(resolve(io.cwd, file));
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why =
      code === 'ENOENT'
        ? 'no such file'
        : code === 'EISDIR'
          ? 'it is a directory'
          : code === 'EACCES'
            ? 'permission denied'
            : (e as Error).message;
    throw new CliError(`cannot read ${file}: ${why}`);
  }
}

export async function loadRules(
  file: string | undefined,
  o: RulesInputOptions,
  io: CliIo,
  names?: OwnerNames,
): Promise<LoadedRules> {
  if (file !== undefined && o.profile !== undefined)
    throw new CliError('give either FILE or --profile, not both', true);
  if (file === undefined && o.profile === undefined) {
    throw new CliError('no rules given: pass FILE (- for standard input) or --profile NAME', true);
  }
  const profile =
    o.profile === undefined
      ? undefined
      : (findProfile(o.profile) ?? (o.profile === NFT_PROFILE.name ? NFT_PROFILE : undefined));
  const text = profile ? profile.rulesText : await readInput(file!, io);
  const label = profile ? `profile ${profile.name}` : file === '-' ? '<stdin>' : file!;
  checkInputSize(text, label);
  const parsed = parseRules(text, o.family, names);
  const note = legacyNote(text, label);
  if (note) io.stderr.write(`${note}\n`);
  if (!parsed.value) {
    refuseConcatenatedIpv4(parsed.issues, text, label);
    const errors = parsed.issues.filter((i) => i.severity === 'error').length;
    // Written block by block: joining a million excerpts into one string is what used to crash (RangeError).
    const report = formatIssues(
      parsed.issues,
      text,
      label,
      o.maxIssues === 0 ? Number.POSITIVE_INFINITY : (o.maxIssues ?? DEFAULT_MAX_ISSUES),
    );
    for (const block of report.shown) io.stderr.write(`${block}\n`);
    const more =
      report.omitted > 0
        ? `${label}: ${count(report.omitted, 'more issue')} not shown (--max-issues 0 shows them all)\n`
        : '';
    throw new CliError(`${more}${label}: ${count(errors, 'error')}; the rules were not checked`, false, true);
  }
  if (parsed.value.rulesets.every((r) => r.tables.length === 0)) {
    throw new CliError(
      `${label} has no tables: an iptables-save dump starts a table with a line like *nat and ends it with COMMIT; nothing was checked`,
    );
  }
  // What iptables-restore would refuse; nftables text is checked by its own parser.
  const refusals = parsed.value.format.startsWith('nft') ? [] : loadRefusals(text, parsed.value.rulesets);
  reportRefusals(refusals, text, label, io);
  let rulesets = parsed.value.rulesets;
  if (o.family) {
    rulesets = rulesets.filter((r) => r.family === o.family);
    if (rulesets.length === 0) throw new CliError(`${label} has no ${o.family} rules (--family ${o.family})`);
  }
  const slug = profile
    ? profile.name
    : file === '-'
      ? 'stdin'
      : basename(file!, extname(file!)).replace(/[^A-Za-z0-9._-]/g, '_') || 'rules';
  return {
    source: profile ? 'profile' : file === '-' ? 'stdin' : 'file',
    label,
    slug,
    args: [
      ...(profile ? ['--profile', profile.name] : file === '-' ? ['FILE'] : [file!]),
      ...(o.family ? ['--family', o.family] : []),
    ],
    text,
    format: parsed.value.format,
    rulesets,
    allRulesets: parsed.value.rulesets,
    warnings: parsed.value.warnings,
    refusals,
    ...(profile ? { profile } : {}),
  };
}

/**
 * What no backend would load stops the command (exit 2): verdicts about rules the kernel refuses describe no pod.
 * What only some backends refuse is printed as a warning, and the command goes on for the others.
 */
function reportRefusals(refusals: readonly LoadRefusal[], text: string, label: string, io: CliIo): void {
  if (refusals.length === 0) return;
  const lines = lineIndex(text);
  const fatal = refusals.filter((r) => r.backends.length === BACKEND_COUNT);
  const shown = (fatal.length > 0 ? fatal : refusals).slice(0, DEFAULT_MAX_ISSUES);
  for (const r of shown) {
    const severity = r.backends.length === BACKEND_COUNT ? 'error' : `warning: ${r.backends.join(', ')}`;
    io.stderr.write(`${renderIssue({ ...r, severity }, lines, label)}\n`);
  }
  if (fatal.length > 0) {
    const more =
      fatal.length > shown.length ? ` (${(fatal.length - shown.length).toLocaleString('en-US')} more not shown)` : '';
    throw new CliError(
      `${label}: the kernel would refuse to load these rules${more}; nothing was checked`,
      false,
      true,
    );
  }
}

/** iptables-legacy and iptables-nft. */
const BACKEND_COUNT = 2;

export interface PodWorld {
  readonly world: World;
  /**
   * Whose Envoy and pilot-agent behaviour is assumed (`istio-1.10`: a profile's name, or the version's), whether the
   * user chose it, and why.
   */
  readonly envoy: { readonly profile: string; readonly chosen: boolean; readonly why: string };
  readonly families: readonly Family[];
  /** The pod options as command-line words (for replay hints). */
  readonly args: readonly string[];
  /** The configuration and version in force (given or read back from the rules); null for a non-Istio dump. */
  readonly setup: Setup | null;
  /** What the pod could not take from the configuration. */
  readonly notes: readonly string[];
}

function envoyOf(rules: LoadedRules, o: PodOptions, setup: Setup | null): PodWorld['envoy'] & { b: EnvoyBehaviour } {
  if (o.envoyBehaviour) {
    return {
      profile: o.envoyBehaviour,
      chosen: true,
      why: 'given with --envoy-behaviour',
      b: findProfile(o.envoyBehaviour)!.envoy,
    };
  }
  if (rules.profile)
    return { profile: rules.profile.name, chosen: false, why: "the profile's own", b: rules.profile.envoy };
  const version = setup?.version ?? NEWEST_VERSION;
  const config = setup?.config ?? injectedConfig(version).config!;
  return {
    profile: `istio-${version}`,
    chosen: false,
    why: setup?.versionWhy ?? `the newest known version (${NEWEST_VERSION})`,
    b: envoyBehaviourOf(version, config),
  };
}

export function buildWorld(
  rules: LoadedRules,
  o: PodOptions,
  setup: Setup | null = null,
  names: NameTable = NO_NAMES,
  istioArgs: readonly string[] = [],
): PodWorld {
  const envoy = envoyOf(rules, o, setup);
  const configured = setup?.config ? configuredWorldOptions(setup.config, setup.version, names) : null;
  const byFamily: Partial<Record<Family, Ruleset>> = {};
  for (const rs of rules.rulesets) byFamily[rs.family] = rs;
  const ip = (f: Family) => o.podIp?.find((p) => p.family === f)?.addr;
  const podIpv4 = ip('ipv4');
  const podIpv6 = ip('ipv6');
  const world = makeWorld({
    ...(configured?.options ?? {}),
    rulesets: byFamily,
    envoy: envoy.b,
    ...(podIpv4 ? { podIpv4 } : {}),
    ...(podIpv6 ? { podIpv6 } : {}),
    // The command line's identities override the configuration's (a user who knows better).
    ...(o.proxyUid !== undefined ? { proxyUids: o.proxyUid } : {}),
    ...(o.proxyGid !== undefined ? { proxyGids: o.proxyGid } : {}),
    ...(o.proxyUid !== undefined && o.proxyGid === undefined ? { proxyGids: o.proxyUid } : {}),
    ...(o.appUid !== undefined ? { appUid: o.appUid } : {}),
    ...(o.appGid !== undefined ? { appGid: o.appGid } : {}),
    ...(o.appPort !== undefined ? { appPorts: [o.appPort] } : {}),
  });
  const args: string[] = [...istioArgs];
  for (const p of o.podIp ?? []) args.push('--pod-ip', formatAddr(p.addr));
  const ids: [string, string | undefined][] = [
    ['--proxy-uid', o.proxyUid?.join(',')],
    ['--proxy-gid', o.proxyGid?.join(',')],
    ['--app-uid', o.appUid?.toString()],
    ['--app-gid', o.appGid?.toString()],
    ['--app-port', o.appPort?.toString()],
  ];
  for (const [flag, v] of ids) if (v !== undefined) args.push(flag, v);
  if (o.envoyBehaviour) args.push('--envoy-behaviour', o.envoyBehaviour);
  return {
    world,
    envoy: { profile: envoy.profile, chosen: envoy.chosen, why: envoy.why },
    families: rules.rulesets.map((r) => r.family),
    args,
    setup,
    notes: configured?.notes ?? [],
  };
}

/** The rules and the pod as they appear at the top of every JSON document. */
export function describeInput(rules: LoadedRules, pod: PodWorld) {
  const { world } = pod;
  return {
    rules: { source: rules.source, name: rules.label, format: rules.format, families: pod.families },
    pod: {
      addresses: world.pod.addresses.map(formatAddr),
      proxy: world.pod.proxy,
      proxyIds: world.pod.proxyIds,
      app: world.pod.app,
      envoyBehaviour: pod.envoy.profile,
      envoyBehaviourWhy: pod.envoy.why,
    },
  };
}
