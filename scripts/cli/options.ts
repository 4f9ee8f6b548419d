// Options several commands share (the rules input and the pod's identity) and the parsers that turn option values
// into checked data. A parser throws commander's InvalidArgumentError, which commander reports as a usage error.
import { type Command, InvalidArgumentError, Option } from 'commander';
import ipaddr from 'ipaddr.js';
import { type Addr, AddressError, type Family, formatAddr, parseAddr } from '../../model/net/index.ts';
import { INVARIANT_IDS, PROFILE_NAMES, RULES_PROFILE_NAMES } from './names.ts';
import { didYouMean } from './suggest.ts';

export { INVARIANT_IDS, NEWEST_PROFILE, PROFILE_NAMES, RULES_PROFILE_NAMES } from './names.ts';
/** Who `trace --from` can be: peers that reach the pod on its interface. */
export const OUTSIDE_ACTORS = ['remote', 'prometheus', 'kubelet', 'istiod'] as const;
/** Who `trace --actor` can be: the pod's processes and the peers. */
export const TRACE_ACTORS = ['envoy', 'pilot-agent', 'app', ...OUTSIDE_ACTORS] as const;

export interface RulesInputOptions {
  readonly profile?: string;
  readonly family?: Family;
  /** How many parse issues to show (0: all). */
  readonly maxIssues?: number;
}

export interface PodOptions {
  readonly podIp?: readonly { addr: Addr; family: Family }[];
  /** Every proxy uid (`--proxy-uid 3,4`, as istio-iptables -u); Envoy runs as the first. */
  readonly proxyUid?: readonly number[];
  readonly proxyGid?: readonly number[];
  readonly appUid?: number;
  readonly appGid?: number;
  readonly appPort?: number;
  readonly envoyBehaviour?: string;
}

export function integer(what: string, min: number, max: number): (text: string) => number {
  return (text) => {
    if (!/^\d+$/.test(text) || Number(text) < min || Number(text) > max) {
      throw new InvalidArgumentError(`expected ${what} (${min}-${max}), got ${JSON.stringify(text)}.`);
    }
    return Number(text);
  };
}

/** Linux uids and gids: 0 to 2^32-2 (2^32-1 is the "no id" value). */
export const parseId = integer('a uid or gid', 0, 0xfffffffe);

/** `5,6`: supplementary groups, each a gid; the kernel keeps them sorted and without repeats (groups_sort). */
export function parseIdList(text: string): number[] {
  const ids = text.split(',').map((s) => parseId(s.trim()));
  return [...new Set(ids)].sort((a, b) => a - b);
}

/** `3,4`: proxy uids or gids in the order given (the first is Envoy's), without repeats. */
export function parseOrderedIds(text: string): number[] {
  return [...new Set(text.split(',').map((s) => parseId(s.trim())))];
}

export function collectInvariants(value: string, previous: readonly string[] = []): string[] {
  const ids = value.split(',').map((s) => s.trim());
  for (const id of ids) {
    if (!INVARIANT_IDS.includes(id)) {
      throw new InvalidArgumentError(
        `unknown invariant ${JSON.stringify(id)}${didYouMean(id, INVARIANT_IDS)}; valid ids: ${INVARIANT_IDS.join(', ')}.`,
      );
    }
  }
  return [...new Set([...previous, ...ids])];
}

/** ipaddr.js ranges a pod's own address is never in (https://github.com/whitequark/ipaddr.js, range()). */
const NOT_A_POD_ADDRESS: Readonly<Record<string, string>> = {
  unspecified: 'the unspecified address',
  loopback: 'a loopback address',
  broadcast: 'the broadcast address',
  multicast: 'a multicast address',
  linkLocal: 'a link-local address',
  ipv4Mapped: 'an IPv4-mapped IPv6 address (give the IPv4 address itself)',
  reserved: 'a reserved address',
};

function collectPodIp(value: string, previous: PodOptions['podIp'] = []): PodOptions['podIp'] {
  let a: ReturnType<typeof parseAddr>;
  try {
    a = parseAddr(value);
  } catch (e) {
    if (e instanceof AddressError) throw new InvalidArgumentError(`${e.message}.`);
    throw e;
  }
  const range = ipaddr.parse(formatAddr(a)).range();
  const why = NOT_A_POD_ADDRESS[range];
  if (why) {
    throw new InvalidArgumentError(
      `${value} is ${why}, never a pod's IP; give the address Kubernetes assigned (kubectl get pod -o wide).`,
    );
  }
  if (previous.some((p) => p.family === a.family)) {
    throw new InvalidArgumentError(`give at most one ${a.family === 'ipv4' ? 'IPv4' : 'IPv6'} pod IP.`);
  }
  return [...previous, { addr: a, family: a.family }];
}

/** `[FILE]` or `--profile NAME` (exactly one, checked when the rules are loaded), and `--family`. */
export function addRulesInput(cmd: Command): Command {
  return cmd
    .optionsGroup('Rules:')
    .argument(
      '[FILE]',
      'the rules: an iptables-save / ip6tables-save dump, `iptables -S`, istio-iptables --dry-run output, or nftables (`nft list ruleset`, `nft -j list ruleset`, an `nft -f` script); the format is detected; - reads standard input; without FILE or --profile, the rules are generated from --config, --istio-args or --pod',
    )
    .addOption(
      new Option('--profile <name>', 'use a built-in Istio version profile instead of FILE').choices(
        RULES_PROFILE_NAMES,
      ),
    )
    .addOption(
      new Option(
        '--family <family>',
        'which family to use when the dump has both (check: only that one); also the family of a dump that cannot say',
      ).choices(['ipv4', 'ipv6']),
    )
    .option(
      '--max-issues <n>',
      'how many parse errors to show when the rules are malformed (default 20; 0 shows all)',
      integer('a count', 0, Number.MAX_SAFE_INTEGER),
    );
}

/** The pod around the rules; the command's own options that follow are listed under "Options:" again. */
export function addPodOptions(cmd: Command): Command {
  return cmd
    .optionsGroup('Pod:')
    .option(
      '--pod-ip <ip>',
      "the pod's IP (one per family, repeatable; default 10.250.0.2 and fd00:250::2)",
      collectPodIp,
    )
    .option(
      '--proxy-uid <uids>',
      "the proxy's uids, a comma list (istio-iptables -u; Envoy runs as the first; default: the configuration's, else 1337)",
      parseOrderedIds,
    )
    .option(
      '--proxy-gid <gids>',
      "the proxy's gids, a comma list (istio-iptables -g; default: the configuration's, else the proxy uids)",
      parseOrderedIds,
    )
    .option('--app-uid <uid>', "the application's uid (default 1000)", parseId)
    .option('--app-gid <gid>', "the application's gid (default: the app uid)", parseId)
    .option('--app-port <port>', "the application's port (default 8080)", integer('a port', 1, 65535))
    .addOption(
      new Option(
        '--envoy-behaviour <profile>',
        "which profile's Envoy and pilot-agent behaviour to assume (default: the --profile's own, else that of the Istio version given with --istio-version or inferred from the rules)",
      ).choices(PROFILE_NAMES),
    )
    .optionsGroup('Options:');
}
