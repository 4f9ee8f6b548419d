// The CNI plugin's sidecar path (cni/pkg/plugin/sidecar_redirect.go and sidecar_iptables_linux.go at istio/istio
// 86c9f01): no istio-init runs; the plugin reads the pod's annotations with its own defaults, the istio-proxy
// container's env and runAsUser/runAsGroup, and calls the same generator. Differences from istio-init: inbound
// excludes always get 15020,15021,15090 appended (deduplicated), outbound port 15020 is excluded by default, DNS
// capture implies capture-all, and the pod's owner-group and loopback-CIDR env variables are not read.
// Modelled from 1.22 (the structure of fb9179422d2); 1.25 to 1.27 read the kubevirtInterfaces annotation and then
// overwrite it with reroute-virtual-interfaces even when absent (e72cb412593), fixed by 124886fd886 in 1.28.
import { atLeast, type IstioVersion } from '../version.ts';
import type { EnvVar } from './env.ts';
import type { ConfigIssue, InputRef } from './issues.ts';
import type { ContainerView, PodView } from './manifest.ts';
import { defaultRawConfig, type Provenance, type RawConfig } from './raw.ts';
import type { ConfigField } from './types.ts';
import { parseGoBool } from './values.ts';

export const CNI_SINCE: IstioVersion = '1.22';

/** annotationRegistry: the annotation each Redirect field reads, and the plugin's default when it is absent. */
const ANNOTATED: readonly { field: ConfigField; key: string; def: string }[] = [
  { field: 'interceptionMode', key: 'sidecar.istio.io/interceptionMode', def: 'REDIRECT' },
  { field: 'outboundIpRangesInclude', key: 'traffic.sidecar.istio.io/includeOutboundIPRanges', def: '*' },
  { field: 'outboundIpRangesExclude', key: 'traffic.sidecar.istio.io/excludeOutboundIPRanges', def: '' },
  { field: 'inboundPortsExclude', key: 'traffic.sidecar.istio.io/excludeInboundPorts', def: '15020' },
  { field: 'inboundPortsInclude', key: 'traffic.sidecar.istio.io/includeInboundPorts', def: '*' },
  { field: 'outboundPortsExclude', key: 'traffic.sidecar.istio.io/excludeOutboundPorts', def: '15020' },
  { field: 'outboundPortsInclude', key: 'traffic.sidecar.istio.io/includeOutboundPorts', def: '' },
  { field: 'excludeInterfaces', key: 'traffic.sidecar.istio.io/excludeInterfaces', def: '' },
];

const REROUTE = 'istio.io/reroute-virtual-interfaces';
const KUBEVIRT = 'traffic.sidecar.istio.io/kubevirtInterfaces';

/** Environment variables the plugin reads from the istio-proxy container, and the field each sets. */
const PROXY_ENV: readonly { name: string; field: ConfigField; since: IstioVersion }[] = [
  { name: 'ISTIO_META_DNS_CAPTURE', field: 'redirectDns', since: '1.11' },
  { name: 'ISTIO_DUAL_STACK', field: 'dualStack', since: '1.20' },
  { name: 'INVALID_DROP', field: 'dropInvalid', since: '1.13' },
];

export interface CniRaw {
  readonly raw: RawConfig;
  readonly provenance: Provenance;
  readonly issues: readonly ConfigIssue[];
}

export function cniRawConfig(pod: PodView, proxy: ContainerView | undefined, version: IstioVersion): CniRaw {
  const raw = defaultRawConfig(version);
  const provenance: Provenance = {};
  const issues: ConfigIssue[] = [];
  const annotation = (key: string): { kind: 'annotation'; name: string; value: string } | undefined => {
    const value = pod.annotations[key];
    return value === undefined ? undefined : { kind: 'annotation', name: key, value };
  };
  for (const { field, key, def } of ANNOTATED) {
    const input = annotation(key);
    raw[field] = input ? input.value : def;
    if (input) provenance[field] = input;
  }
  // sidecar_redirect.go: TrimSpace, a trailing "," unless there is one, then the status, health and metrics ports.
  const excluded = (raw.inboundPortsExclude as string).trim();
  const joined = `${excluded}${excluded !== '' && !excluded.endsWith(',') ? ',' : ''}15020,15021,15090`;
  raw.inboundPortsExclude = [...new Set(joined.split(','))].join(',');
  const reroute = annotation(REROUTE);
  const kubevirt = annotation(KUBEVIRT);
  const virt = atLeast(version, '1.28') ? (reroute ?? kubevirt) : atLeast(version, '1.25') ? reroute : kubevirt;
  raw.rerouteVirtualInterfaces = virt ? virt.value : '';
  if (virt) provenance.rerouteVirtualInterfaces = virt;
  if (kubevirt && virt !== kubevirt) {
    issues.push({
      code: 'ignored-input',
      severity: 'warning',
      field: 'rerouteVirtualInterfaces',
      input: kubevirt,
      message: `annotation ${KUBEVIRT} is ignored by the CNI plugin of ${version}${reroute ? ` (${REROUTE} wins)` : ' (overwritten by the absent reroute-virtual-interfaces, fixed in 1.28)'}`,
    });
  }
  const uid = proxy?.runAsUser;
  const gid = proxy?.runAsGroup;
  raw.proxyUid = uid !== undefined && uid !== 0 ? String(uid) : '1337';
  raw.proxyGid = gid !== undefined && gid !== 0 ? String(gid) : '1337';
  if (uid !== undefined && uid !== 0)
    provenance.proxyUid = { kind: 'manifest', path: `${proxy!.path}.securityContext.runAsUser`, value: uid };
  if (gid !== undefined && gid !== 0)
    provenance.proxyGid = { kind: 'manifest', path: `${proxy!.path}.securityContext.runAsGroup`, value: gid };
  readProxyEnv(proxy?.env ?? [], raw, provenance, issues, version);
  raw.captureAllDns = raw.redirectDns;
  for (const v of proxy?.env ?? []) {
    if (
      [
        'ISTIO_OUTBOUND_OWNER_GROUPS',
        'ISTIO_OUTBOUND_OWNER_GROUPS_EXCLUDE',
        'ISTIO_OUTBOUND_IPV4_LOOPBACK_CIDR',
      ].includes(v.name)
    ) {
      issues.push({
        code: 'ignored-input',
        severity: 'warning',
        input: { kind: 'env', name: v.name, value: v.value, container: v.container ?? '' },
        message: `env ${v.name} is not read under the CNI plugin (it reads its own environment, not the pod's)`,
      });
    }
  }
  return { raw, provenance, issues };
}

function readProxyEnv(
  env: readonly EnvVar[],
  raw: RawConfig,
  provenance: Provenance,
  issues: ConfigIssue[],
  version: IstioVersion,
): void {
  for (const { name, field, since } of PROXY_ENV) {
    const v = env.find((e) => e.name === name);
    if (!v || !atLeast(version, since)) continue;
    const input: InputRef = { kind: 'env', name, value: v.value, ...(v.container ? { container: v.container } : {}) };
    const b = parseGoBool(v.value);
    if (!b.ok) {
      issues.push({
        code: 'bad-bool',
        severity: 'warning',
        field,
        input,
        message: `env ${name}=${JSON.stringify(v.value)}: ${b.reason}; the CNI plugin treats it as false`,
      });
      continue;
    }
    raw[field] = b.value;
    provenance[field] = input;
  }
}
