// Reading a pod manifest object (kubectl get pod -o json, or YAML parsed outside the model): the few places Istio's
// capture configuration lives. Nothing is assumed about the object's shape; every access is checked.
import type { EnvVar } from './env.ts';

export interface ContainerView {
  readonly name: string;
  /** Where it sits, for messages: `spec.initContainers[istio-init]`. */
  readonly path: string;
  readonly image?: string;
  /** command then args, as the container runs them. */
  readonly argv: readonly string[];
  /** Literal env values (valueFrom entries have no value to read and are left out). */
  readonly env: readonly EnvVar[];
  readonly runAsUser?: number;
  readonly runAsGroup?: number;
}

export interface PodView {
  readonly annotations: Readonly<Record<string, string>>;
  readonly containers: readonly ContainerView[];
  /** status.podIPs (or status.podIP). */
  readonly podIps: readonly string[];
  /** Where the pod spec was found: "spec", or "spec.template.spec" for a workload's pod template. */
  readonly specPath: string;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);

function container(raw: unknown, list: string): ContainerView | undefined {
  if (!isObject(raw) || typeof raw.name !== 'string') return undefined;
  const env: EnvVar[] = [];
  for (const e of Array.isArray(raw.env) ? raw.env : []) {
    if (isObject(e) && typeof e.name === 'string' && typeof e.value === 'string') {
      env.push({ name: e.name, value: e.value, container: raw.name });
    }
  }
  const sc = isObject(raw.securityContext) ? raw.securityContext : {};
  return {
    name: raw.name,
    path: `${list}[${raw.name}]`,
    ...(typeof raw.image === 'string' ? { image: raw.image } : {}),
    argv: [...strings(raw.command), ...strings(raw.args)],
    env,
    ...(typeof sc.runAsUser === 'number' ? { runAsUser: sc.runAsUser } : {}),
    ...(typeof sc.runAsGroup === 'number' ? { runAsGroup: sc.runAsGroup } : {}),
  };
}

/** The pod's view, or a reason the object is not a pod (or a workload with a pod template). */
export function readPod(manifest: unknown): PodView | string {
  if (!isObject(manifest)) return 'a pod manifest is a JSON or YAML object (kubectl get pod NAME -o json)';
  if (manifest.kind === 'List' || Array.isArray(manifest.items)) return 'this is a list of objects; give one pod';
  let meta = isObject(manifest.metadata) ? manifest.metadata : {};
  let spec = isObject(manifest.spec) ? manifest.spec : undefined;
  let specPath = 'spec';
  if (spec && isObject(spec.template) && manifest.kind !== 'Pod') {
    meta = isObject(spec.template.metadata) ? spec.template.metadata : {};
    spec = isObject(spec.template.spec) ? spec.template.spec : undefined;
    specPath = 'spec.template.spec';
  }
  if (!spec || (!Array.isArray(spec.containers) && !Array.isArray(spec.initContainers))) {
    return `no pod spec with containers (kind ${JSON.stringify(manifest.kind ?? 'missing')})`;
  }
  const annotations: Record<string, string> = {};
  if (isObject(meta.annotations)) {
    for (const [k, v] of Object.entries(meta.annotations)) if (typeof v === 'string') annotations[k] = v;
  }
  const list = (key: 'initContainers' | 'containers') =>
    (Array.isArray(spec[key]) ? spec[key] : []).flatMap((c) => container(c, `${specPath}.${key}`) ?? []);
  const status = isObject(manifest.status) ? manifest.status : {};
  const ips = Array.isArray(status.podIPs)
    ? status.podIPs.flatMap((p) => (isObject(p) && typeof p.ip === 'string' ? [p.ip] : []))
    : typeof status.podIP === 'string'
      ? [status.podIP]
      : [];
  return { annotations, containers: [...list('initContainers'), ...list('containers')], podIps: ips, specPath };
}
