// Doubting a configuration read back from the rules. With no configuration given, the invariants' scope comes from
// the rules themselves (read back exactly, or their structure), so a rule that breaks the capture also erases the
// intent it broke: a dump whose ISTIO_OUTPUT lost its jump to ISTIO_REDIRECT reads back as `-i ''` and every outbound
// invariant is "not applicable". Where the rules depart from the version's default injection (model/istio's
// injectedConfig: pkg/kube/inject/testdata/inject/hello.yaml.injected at each X.Y.0 tag of istio/istio) in a way that
// switches capture off, that departure is a finding of its own. A configuration the user gives that asks for it
// (`-i ''`, `-b ''`, `-u 3`) is intent, and no doubt is raised then: the caller asks only without one.
import { inferIntent, reachableFrom } from '../invariants/index.ts';
import { featuresOf, type IstioVersion, injectedConfig } from '../istio/index.ts';
import type { Family } from '../net/index.ts';
import { type Hook, isSidecarChain, type Match, type Ruleset, type SidecarChain } from '../ruleset/index.ts';

export type CaptureDoubtKind =
  | 'no-outbound-capture'
  | 'no-inbound-capture'
  | 'tunnel-port-captured'
  | 'proxy-uid-missing'
  | 'proxy-gid-missing';

export interface CaptureDoubt {
  readonly family: Family;
  readonly kind: CaptureDoubtKind;
  /** What the rules do and what the version's default injection does instead, in a reader's words. */
  readonly text: string;
}

type Owner = Extract<Match, { kind: 'owner' }>;

/** Every uid (or gid) range the owner matches of the sidecar's output chains name, negated or not. */
function ownerRanges(rs: Ruleset, which: 'uid' | 'gid') {
  return rs.tables.flatMap((t) =>
    t.chains
      .filter((c) => isSidecarChain(c.name, 'output'))
      .flatMap((c) => c.rules.flatMap((r) => r.matches))
      .filter((m): m is Owner => m.kind === 'owner')
      .flatMap((m) => (m[which] ? [m[which].range] : [])),
  );
}

/**
 * Whether a packet entering at `hook` can reach a rule that jumps to a chain of one of `roles`, in any table. Only the
 * chains reachable from the hook count: Istio's DNS capture makes raw PREROUTING jump to a raw ISTIO_INBOUND that
 * only sets conntrack zones (capture/run.go, SetupDNSRedir), which captures nothing.
 */
function jumpsFrom(rs: Ruleset, hook: Hook, roles: readonly SidecarChain[]): boolean {
  return rs.tables.some((t) =>
    reachableFrom(t, hook).some((c) =>
      c.rules.some(({ target: t }) => {
        return (t.kind === 'jump' || t.kind === 'goto') && roles.some((role) => isSidecarChain(t.chain, role));
      }),
    ),
  );
}

/** Whether a packet entering at `hook` reaches a sidecar chain of `role` at all (OUTPUT's jump to ISTIO_OUTPUT). */
function reaches(rs: Ruleset, hook: Hook, role: SidecarChain): boolean {
  return rs.tables.some((t) => reachableFrom(t, hook).some((c) => isSidecarChain(c.name, role)));
}

function hasOutputChain(rs: Ruleset): boolean {
  return rs.tables.some((t) => t.chains.some((c) => isSidecarChain(c.name, 'output')));
}

const list = (xs: readonly string[]) => (xs.length === 0 ? 'none' : [...new Set(xs)].join(', '));

/** The chains as the dump names them: nft's lowercase chains for native nftables rules (Istio's inet tables). */
function chainNames(rs: Ruleset) {
  const nft = rs.tables.some((t) => t.family === 'inet');
  return nft
    ? {
        prerouting: 'prerouting',
        outputHook: 'output',
        output: 'istio-output',
        redirect: 'istio-redirect',
        inbound: 'istio-inbound',
        inRedirect: 'istio-in-redirect',
      }
    : {
        prerouting: 'PREROUTING',
        outputHook: 'OUTPUT',
        output: 'ISTIO_OUTPUT',
        redirect: 'ISTIO_REDIRECT',
        inbound: 'ISTIO_INBOUND',
        inRedirect: 'ISTIO_IN_REDIRECT',
      };
}

function ownerDoubts(rs: Ruleset, version: IstioVersion, ids: readonly number[], which: 'uid' | 'gid') {
  const ranges = ownerRanges(rs, which);
  const flag = which === 'uid' ? '-u' : '-g';
  return ids
    .filter((id) => !ranges.some((r) => r.from <= id && id <= r.to))
    .map((id) => ({
      kind: which === 'uid' ? ('proxy-uid-missing' as const) : ('proxy-gid-missing' as const),
      text:
        `the proxy ${which} ${id} is missing from the owner rules (${chainNames(rs).output} matches ${which} ` +
        `${list(ranges.map((r) => (r.from === r.to ? `${r.from}` : `${r.from}-${r.to}`)))}), where Istio ${version}'s ` +
        `default injection exempts Envoy's own traffic by ${which} ${id} (${flag} ${id}): Envoy's connections would be captured again`,
    }));
}

/**
 * The departures from Istio `version`'s default injection that switch capture off, per family of the dump: no
 * outbound capture, no inbound capture, the tunnel port captured, a proxy uid or gid missing from the owner rules.
 */
export function captureDoubts(dump: readonly Ruleset[], version: IstioVersion): CaptureDoubt[] {
  const injected = injectedConfig(version).config;
  if (!injected) return [];
  const uids = injected.proxyUid.flatMap((o) => (o.kind === 'id' ? [o.id] : []));
  const gids = (injected.proxyGid.length > 0 ? injected.proxyGid : injected.proxyUid).flatMap((o) =>
    o.kind === 'id' ? [o.id] : [],
  );
  const tunnel = featuresOf(version).tunnelPort ? injected.inboundTunnelPort : null;
  return dump.flatMap((rs) => {
    const intent = inferIntent(rs);
    const chain = chainNames(rs);
    const found: Omit<CaptureDoubt, 'family'>[] = [];
    if (!jumpsFrom(rs, 'OUTPUT', ['redirect']) && hasOutputChain(rs)) {
      // Which link is missing: OUTPUT's jump to ISTIO_OUTPUT, or ISTIO_OUTPUT's to ISTIO_REDIRECT.
      const what = reaches(rs, 'OUTPUT', 'output')
        ? `no rule of ${chain.output} jumps to ${chain.redirect} (-i '' without -q)`
        : `${chain.outputHook} does not jump to ${chain.output}, so no outbound rule applies`;
      found.push({
        kind: 'no-outbound-capture',
        text: `no outbound capture: ${what}, where Istio ${version}'s default injection captures all outbound TCP (-i '*')`,
      });
    }
    const inboundCapture = jumpsFrom(rs, 'PREROUTING', ['in-redirect', 'tproxy']);
    if (!inboundCapture) {
      // Which link is missing: PREROUTING's jump to ISTIO_INBOUND, or ISTIO_INBOUND's to ISTIO_IN_REDIRECT (TPROXY).
      const what = reaches(rs, 'PREROUTING', 'inbound')
        ? `no rule of ${chain.inbound} jumps to ${chain.inRedirect} or TPROXY`
        : `${chain.prerouting} does not jump to ${chain.inbound} (-b '')`;
      found.push({
        kind: 'no-inbound-capture',
        text: `no inbound capture: ${what}, where Istio ${version}'s default injection captures every inbound port (-b '*')`,
      });
    }
    const tunnelCaptured =
      tunnel !== null &&
      inboundCapture &&
      (intent.inboundPorts === 'all'
        ? !intent.inboundExcludedPorts.includes(tunnel)
        : intent.inboundPorts.includes(tunnel));
    if (tunnelCaptured) {
      found.push({
        kind: 'tunnel-port-captured',
        text: `the tunnel port ${tunnel} is not excluded from inbound capture (no ${chain.inbound} rule returns it), where Istio ${version}'s default injection lets it through (-e ${tunnel})`,
      });
    }
    if (hasOutputChain(rs)) {
      found.push(...ownerDoubts(rs, version, uids, 'uid'), ...ownerDoubts(rs, version, gids, 'gid'));
    }
    return found.map((d) => ({ family: rs.family, ...d }));
  });
}
