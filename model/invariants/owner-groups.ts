// The owner-groups invariant: whose outbound traffic istio-iptables captures, by the process's gid. From Istio 1.14,
// ISTIO_OUTBOUND_OWNER_GROUPS (a list: only these groups) or ISTIO_OUTBOUND_OWNER_GROUPS_EXCLUDE ("*" and these
// groups out) add, after the proxy's uid and gid rules, one RETURN for the groups left out
// (tools/istio-iptables/pkg/capture/run.go at istio/istio 86c9f01fd735fb01d8192f5bcaf0d424afb7f14c,
// handleCaptureByOwnerGroup: `-m owner ! --gid-owner G1 ! --gid-owner G2 -j RETURN`, or `--gid-owner G -j RETURN`
// per excluded group). A group may be named; iptables resolves the name through the pod's /etc/group when it loads
// the rule, so offline a name nobody resolved (--group NAME=GID) leaves the verdict undetermined, never guessed.
import { cidrContains, type Family } from '../net/index.ts';
import type { Connection, World } from '../pod/index.ts';
import { describeDisposition, mainChain, type Trace } from '../trace/index.ts';
import { actorFor, intentAddrs } from './domain.ts';
import { lands } from './redirect.ts';
import { inCapturedGroup, isAppIdentity, isUnicastRemote, selfServiceVip } from './scope.ts';
import type { CheckResult, InvariantContext, InvariantSpec } from './types.ts';

const CAPTURE_PORTS: readonly number[] = [15001, 15006];
const DNS = 53;

const groupsNamed = ({ intent }: InvariantContext): boolean => {
  const g = intent.ownerGroups;
  return g.include !== 'all' || g.exclude.length > 0 || g.unresolved.length > 0;
};

/** The gids the configuration names, as far as they are resolved. */
function namedGids({ intent }: InvariantContext): number[] {
  const g = intent.ownerGroups;
  return [...(g.include === 'all' ? [] : g.include), ...g.exclude];
}

/** Whether the rest of the configuration captures this destination (-o, -x out; -q, -i in), whoever sends it. */
function destinationCaptured(c: Connection, { intent }: InvariantContext): boolean {
  if (intent.outboundExcludedPorts.includes(c.dst.port)) return false;
  if (intent.outboundExcludedCidrs.some((x) => cidrContains(x, c.dst.addr))) return false;
  if (intent.outboundIncludedPorts.includes(c.dst.port)) return true;
  return intent.outboundCidrs === 'all' || intent.outboundCidrs.some((x) => cidrContains(x, c.dst.addr));
}

function expectStory(trace: Trace, expected: readonly string[]): CheckResult {
  const d = trace.disposition;
  if (d.kind === 'loop') return { ok: false, why: describeDisposition(d) };
  if (d.kind === 'undetermined') return { ok: 'undetermined', why: describeDisposition(d) };
  const actual = mainChain(trace).map(lands);
  if (actual.length === expected.length && actual.every((x, i) => x === expected[i])) return { ok: true };
  return { ok: false, why: `the connection goes ${actual.join(' -> ')} instead of ${expected.join(' -> ')}` };
}

export const OWNER_GROUP_INVARIANTS = {
  'owner-groups': {
    statement:
      "Where the configuration captures the outbound traffic of some owner groups only (ISTIO_OUTBOUND_OWNER_GROUPS, _EXCLUDE), an application's connection from a captured gid to a captured destination passes 15001 exactly once, and one from any other gid leaves the pod directly.",
    scope:
      'TCP connections from an application identity (kernel-chosen source, each gid the configuration names and one it does not) to addresses outside the pod that the configuration captures by destination',
    notApplicable: (ctx) =>
      !groupsNamed(ctx)
        ? "the configuration captures every owner group (owner groups '*', none excluded)"
        : !ctx.intent.outboundCapture
          ? ctx.intent.dnsCapture
            ? "the configuration captures no outbound traffic but DNS (-i '' and no -q): its owner groups select only DNS queries, which dns-captured and dns-exclusions check"
            : "the configuration captures no outbound traffic (-i '' and no -q), so its owner groups select nothing"
          : null,
    inScope: (c, ctx) =>
      c.protocol === 'tcp' &&
      c.src === undefined &&
      !CAPTURE_PORTS.includes(c.dst.port) &&
      !(ctx.intent.dnsCapture && c.dst.port === DNS) &&
      isAppIdentity(c, ctx.world) &&
      isUnicastRemote(c, ctx.world) &&
      !selfServiceVip(c, ctx.world) &&
      destinationCaptured(c, ctx),
    check: (trace, c, ctx) => {
      const gid = c.from.kind === 'pod' ? c.from.gid : -1;
      const { unresolved } = ctx.intent.ownerGroups;
      if (unresolved.length > 0 && !namedGids(ctx).includes(gid)) {
        const names = unresolved.map((n) => JSON.stringify(n)).join(', ');
        return {
          ok: 'undetermined',
          why: `gid ${gid} may be that of owner group ${names}, which has no gid here: give --group NAME=GID or --group-file`,
        };
      }
      return expectStory(trace, inCapturedGroup(gid, ctx.intent) ? ['outbound-capture', 'left-pod'] : ['left-pod']);
    },
  },
} satisfies Record<string, InvariantSpec>;

/** A gid the configuration does not name and the pod does not use: the "any other group" of the statement. */
function outsiderGid(world: World, named: readonly number[]): number {
  const used = new Set([...named, world.pod.app.gid, world.pod.proxy.gid, ...world.pod.proxyIds.gids]);
  let gid = 65534;
  while (used.has(gid)) gid--;
  return gid;
}

/**
 * The application's connections from each gid the configuration names (and one it does not) to a remote address and
 * the included CIDRs' edges: tried even where the rules under test (a mutant) no longer name those gids, so no class
 * of the partition stands for them.
 */
export function ownerGroupConnections(world: World, family: Family, ctx: InvariantContext): Connection[] {
  if (!groupsNamed(ctx)) return [];
  const named = namedGids(ctx);
  const gids = [...new Set([...named, world.pod.app.gid, outsiderGid(world, named)])];
  const dsts = [
    ...world.outside
      .filter((o) => o.addr.family === family)
      .map((o) => o.addr)
      .slice(0, 1),
    ...intentAddrs(ctx.intent, family),
  ];
  const ports = [...new Set([80, ...ctx.intent.outboundIncludedPorts])];
  const out: Connection[] = [];
  for (const gid of gids)
    for (const addr of dsts)
      for (const port of ports)
        out.push({ from: actorFor(world, { uid: world.pod.app.uid, gid }), protocol: 'tcp', dst: { addr, port } });
  return out;
}
