// Way in 3: a pod manifest (kubectl get pod -o json; YAML is parsed to an object outside the model). With an
// istio-init container, its command line and env are istio-iptables' input (proxyMetadata is rendered into that env
// by the injection template). Without one (the CNI case: an istio-validation container instead, or --cni), the CNI
// plugin's reading of the annotations applies (cni.ts). The istio-proxy image tag suggests the version.
import { atLeast, type IstioVersion, NEWEST_VERSION, parseIstioVersion } from '../version.ts';
import { CNI_SINCE, cniRawConfig } from './cni.ts';
import { FIELDS } from './fields.ts';
import { finishRaw } from './finish.ts';
import { configFromArgs } from './from-args.ts';
import { type ConfigIssue, describeInput, type InputRef } from './issues.ts';
import { type ContainerView, type PodView, readPod } from './manifest.ts';
import { type ConfigResult, mergeIssues, parseRawConfig } from './parse.ts';

export interface PodOptions {
  /** The version whose behaviour applies; without it, the proxy image's tag, else the newest. */
  readonly version?: IstioVersion;
  /** Read the pod as the CNI plugin does even if it has an istio-init container. */
  readonly cni?: boolean;
  /** The nameservers of the pod's /etc/resolv.conf (DNS capture without capture-all). */
  readonly dnsServers?: readonly string[];
}

export interface PodConfigResult extends ConfigResult {
  /** Who writes the rules: istio-init, or the CNI plugin. */
  readonly mode?: 'init' | 'cni';
  /** The version the istio-proxy image's tag names (e.g. proxyv2:1.22.3), with where it was read. */
  readonly imageVersion?: { readonly version: IstioVersion; readonly input: InputRef };
  /** The version whose behaviour was applied, and why. */
  readonly version?: { readonly version: IstioVersion; readonly source: 'given' | 'image' | 'newest' };
}

const isProxy = (c: ContainerView) => c.name === 'istio-proxy';

function imageVersion(proxy: ContainerView | undefined): PodConfigResult['imageVersion'] {
  const tag = proxy?.image?.split('@')[0]?.split('/').at(-1)?.split(':')[1];
  const parsed = tag ? parseIstioVersion(tag.replace(/-(distroless|debug)$/, '')) : undefined;
  if (!proxy || !parsed?.ok) return undefined;
  return { version: parsed.version, input: { kind: 'manifest', path: `${proxy.path}.image`, value: proxy.image } };
}

export function configFromPod(manifest: unknown, options: PodOptions = {}): PodConfigResult {
  const pod = readPod(manifest);
  if (typeof pod === 'string')
    return { issues: [{ code: 'not-a-pod', severity: 'error', message: pod }], provenance: {} };
  const proxy = pod.containers.find(isProxy);
  const image = imageVersion(proxy);
  const version = options.version
    ? ({ version: options.version, source: 'given' } as const)
    : image
      ? ({ version: image.version, source: 'image' } as const)
      : ({ version: NEWEST_VERSION, source: 'newest' } as const);
  const init = pod.containers.find((c) => c.name === 'istio-init');
  const validation = pod.containers.find((c) => c.name === 'istio-validation');
  const head = { ...(image ? { imageVersion: image } : {}), version };
  if (options.cni || (!init && validation)) return { ...readCni(pod, proxy, version.version, options), ...head };
  if (!init) {
    const message = proxy
      ? 'the pod has an istio-proxy container but neither istio-init nor istio-validation: no iptables capture (interceptionMode NONE?); give --cni if the CNI plugin programs it'
      : 'the pod has no Istio sidecar (no istio-init, istio-validation or istio-proxy container)';
    return { issues: [{ code: 'no-capture-container', severity: 'error', message }], provenance: {}, ...head };
  }
  const result = configFromArgs(init.argv, {
    env: init.env,
    version: version.version,
    ...(pod.podIps.length > 0 ? { podIps: pod.podIps } : {}),
    ...(options.dnsServers ? { dnsServers: options.dnsServers } : {}),
  });
  return { ...attributeToAnnotations(result, pod), mode: 'init', ...head };
}

function readCni(
  pod: PodView,
  proxy: ContainerView | undefined,
  version: IstioVersion,
  options: PodOptions,
): PodConfigResult {
  if (!atLeast(version, CNI_SINCE)) {
    const message = `the CNI plugin of ${version} is not modelled (from ${CNI_SINCE}); give a later --istio-version only if the cluster runs one`;
    return { issues: [{ code: 'not-modelled', severity: 'error', message }], provenance: {}, mode: 'cni' };
  }
  const { raw, provenance, issues } = cniRawConfig(pod, proxy, version);
  const own: ConfigIssue[] = [...issues];
  const mode = raw.interceptionMode;
  if (mode !== 'REDIRECT' && mode !== 'TPROXY') {
    const input = provenance.interceptionMode;
    own.push({
      code: 'bad-mode',
      severity: 'error',
      field: 'interceptionMode',
      ...(input ? { input } : {}),
      message: `${input ? describeInput(input) : 'interceptionMode'}: the CNI plugin accepts only REDIRECT or TPROXY ("interceptionMode invalid")`,
    });
  }
  own.push(
    ...finishRaw(
      raw,
      provenance,
      { podIps: pod.podIps, ...(options.dnsServers ? { dnsServers: options.dnsServers } : {}) },
      version,
    ),
  );
  return { ...mergeIssues(own, parseRawConfig(raw, provenance)), mode: 'cni' };
}

/**
 * The injector copies annotations into istio-init's flags; a bad value is the annotation's fault, so name it: a
 * flag whose value is the annotation's (or ends with it, as -d ends with excludeInboundPorts) is attributed to it.
 */
function attributeToAnnotations(result: ConfigResult, pod: PodView): ConfigResult {
  const retarget = (input: InputRef | undefined, field: ConfigIssue['field']): InputRef | undefined => {
    if (input?.kind !== 'flag' || !field) return input;
    const spec = FIELDS[field];
    for (const key of 'annotations' in spec ? spec.annotations : []) {
      const value = pod.annotations[key];
      if (value !== undefined && value !== '' && (input.value === value || input.value.endsWith(`,${value}`))) {
        return { kind: 'annotation', name: key, value };
      }
    }
    return input;
  };
  const issues = result.issues.map((i) => {
    const input = retarget(i.input, i.field);
    if (!input || input === i.input || !i.input) return i;
    return { ...i, input, message: i.message.replace(describeInput(i.input), describeInput(input)) };
  });
  return { ...result, issues };
}
