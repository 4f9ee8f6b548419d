// Way in 3: a pod manifest. istio-init's command line and env (where proxyMetadata lands), the istio-proxy image tag
// as a version hint, annotations named in errors, and the CNI plugin's reading when there is no istio-init.
import { describe, expect, test } from 'vitest';
import {
  configFromArgs,
  configFromJson,
  configFromPod,
  configToArgs,
  injectedArgs,
  injectedConfig,
} from '../../model/istio/index.ts';
import { codes, GOLDEN_CASES, goldenConfig, readConfigText } from './helpers.ts';

interface PodParts {
  readonly annotations?: Record<string, string>;
  readonly initArgs?: readonly string[] | null;
  readonly initEnv?: Record<string, string>;
  readonly validation?: boolean;
  readonly proxyEnv?: Record<string, string>;
  readonly proxyUser?: number;
  readonly image?: string;
  readonly podIPs?: readonly string[];
}

/** A pod as `kubectl get pod -o json` shows an injected one, reduced to what matters here. */
function pod(p: PodParts = {}): unknown {
  const env = (e: Record<string, string> = {}) => Object.entries(e).map(([name, value]) => ({ name, value }));
  const init =
    p.initArgs === null
      ? []
      : [
          {
            name: 'istio-init',
            image: p.image ?? 'docker.io/istio/proxyv2:1.22.3',
            args: ['istio-iptables', ...(p.initArgs ?? injectedArgs('1.22'))],
            env: env(p.initEnv),
          },
        ];
  const validation = p.validation
    ? [
        {
          name: 'istio-validation',
          image: p.image ?? 'docker.io/istio/proxyv2:1.22.3',
          args: ['istio-iptables', '--run-validation', '--skip-rule-apply'],
        },
      ]
    : [];
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: 'hello',
      annotations: { 'sidecar.istio.io/status': '{"initContainers":["istio-init"]}', ...p.annotations },
    },
    spec: {
      initContainers: [...init, ...validation],
      containers: [
        { name: 'hello', image: 'hello:1.0' },
        {
          name: 'istio-proxy',
          image: p.image ?? 'docker.io/istio/proxyv2:1.22.3',
          args: ['proxy', 'sidecar'],
          env: [...env(p.proxyEnv), { name: 'POD_NAME', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } }],
          securityContext: { runAsUser: p.proxyUser ?? 1337, runAsGroup: p.proxyUser ?? 1337 },
        },
      ],
    },
    status: { podIP: (p.podIPs ?? ['10.250.0.2'])[0], podIPs: (p.podIPs ?? ['10.250.0.2']).map((ip) => ({ ip })) },
  };
}

describe('an istio-init pod', () => {
  test('the injected pod of 1.22: its configuration, the version from the proxy image', () => {
    const r = configFromPod(pod());
    expect(r.mode).toBe('init');
    expect(r.version).toEqual({ version: '1.22', source: 'image' });
    expect(r.imageVersion?.input).toEqual({
      kind: 'manifest',
      path: 'spec.containers[istio-proxy].image',
      value: 'docker.io/istio/proxyv2:1.22.3',
    });
    expect(r.config).toEqual(injectedConfig('1.22').config);
  });

  test('a version given wins over the image', () => {
    expect(configFromPod(pod(), { version: '1.25' }).version).toEqual({ version: '1.25', source: 'given' });
  });

  test('proxyMetadata in istio-init env: DNS capture with the given resolv.conf servers', () => {
    const r = configFromPod(pod({ initEnv: { ISTIO_META_DNS_CAPTURE: 'true' } }), { dnsServers: ['10.96.0.10'] });
    expect(r.config).toMatchObject({ redirectDns: true, captureAllDns: false, dnsServersV4: ['10.96.0.10'] });
  });

  test('an IPv6 pod (status.podIPs) turns on the ip6tables rules', () => {
    expect(configFromPod(pod({ podIPs: ['fd00::2'] })).config?.enableIpv6).toBe(true);
  });

  test('a bad CIDR from an annotation names the annotation and the value', () => {
    const annotations = { 'traffic.sidecar.istio.io/excludeOutboundIPRanges': '10.0.0.0/33' };
    const args = [...injectedArgs('1.22').slice(0, 10), '-x', '10.0.0.0/33', ...injectedArgs('1.22').slice(12)];
    const r = configFromPod(pod({ annotations, initArgs: args }));
    expect(codes(r)).toEqual([{ code: 'bad-cidr', severity: 'error', field: 'outboundIpRangesExclude' }]);
    expect(r.issues[0]!.message).toMatch(
      /^annotation traffic.sidecar.istio.io\/excludeOutboundIPRanges: "10.0.0.0\/33": "10.0.0.0\/33" is not a CIDR/,
    );
  });

  test('a bad excluded inbound port from the annotation, though -d adds 15090,15021 in front', () => {
    const annotations = { 'traffic.sidecar.istio.io/excludeInboundPorts': '8o80' };
    const args = [...injectedArgs('1.22').slice(0, 15), '15090,15021,8o80'];
    const r = configFromPod(pod({ annotations, initArgs: args }));
    expect(r.issues[0]!.input).toEqual({
      kind: 'annotation',
      name: 'traffic.sidecar.istio.io/excludeInboundPorts',
      value: '8o80',
    });
  });

  test('not a pod, and a pod without a sidecar', () => {
    expect(codes(configFromPod([1]))).toEqual([{ code: 'not-a-pod', severity: 'error', field: undefined }]);
    expect(codes(configFromPod({ kind: 'Pod', spec: { containers: [{ name: 'app' }] } }))).toEqual([
      { code: 'no-capture-container', severity: 'error', field: undefined },
    ]);
  });

  test('a Deployment-like object: its pod template is read', () => {
    const p = pod() as { spec: unknown; metadata: unknown };
    const deployment = { kind: 'Deployment', spec: { template: { metadata: p.metadata, spec: p.spec } } };
    expect(configFromPod(deployment).config).toEqual(configFromPod(pod()).config);
  });
});

describe('a CNI pod (istio-validation, no istio-init)', () => {
  const cni = (p: PodParts = {}) => pod({ initArgs: null, validation: true, ...p });

  test('the CNI defaults: 15020,15021,15090 appended to the inbound excludes, 15020 excluded outbound', () => {
    const r = configFromPod(cni({ annotations: { 'traffic.sidecar.istio.io/excludeInboundPorts': '15020' } }));
    expect(r.mode).toBe('cni');
    expect(r.config).toMatchObject({
      interceptionMode: 'REDIRECT',
      inboundPortsInclude: { kind: 'all' },
      inboundPortsExclude: [15020, 15021, 15090],
      outboundPortsExclude: [15020],
      outboundIpRangesInclude: { kind: 'all' },
      proxyUid: [{ kind: 'id', id: 1337 }],
    });
  });

  test("the proxy's runAsUser, DNS capture from its env (then capture-all), owner-group env not read", () => {
    const r = configFromPod(
      cni({ proxyUser: 1500, proxyEnv: { ISTIO_META_DNS_CAPTURE: 'true', ISTIO_OUTBOUND_OWNER_GROUPS: 'java' } }),
    );
    expect(r.config).toMatchObject({
      proxyUid: [{ kind: 'id', id: 1500 }],
      redirectDns: true,
      captureAllDns: true,
      ownerGroupsInclude: { kind: 'all' },
    });
    expect(codes(r)).toContainEqual({ code: 'ignored-input', severity: 'warning', field: undefined });
  });

  test('an interception mode the plugin rejects is an error naming the annotation', () => {
    const r = configFromPod(cni({ annotations: { 'sidecar.istio.io/interceptionMode': 'NONE' } }));
    expect(codes(r).filter((i) => i.severity === 'error')).toEqual([
      { code: 'bad-mode', severity: 'error', field: 'interceptionMode' },
    ]);
    expect(r.issues.find((i) => i.code === 'bad-mode')!.message).toMatch(
      /^annotation sidecar.istio.io\/interceptionMode: "NONE"/,
    );
  });

  test('kubevirtInterfaces is read in 1.24, overwritten in 1.25 to 1.27, used when alone in 1.28', () => {
    const p = cni({ annotations: { 'traffic.sidecar.istio.io/kubevirtInterfaces': 'net1' } });
    expect(configFromPod(p, { version: '1.24' }).config?.rerouteVirtualInterfaces).toEqual(['net1']);
    expect(configFromPod(p, { version: '1.27' }).config?.rerouteVirtualInterfaces).toEqual([]);
    expect(configFromPod(p, { version: '1.28' }).config?.rerouteVirtualInterfaces).toEqual(['net1']);
  });

  test('--cni reads an istio-init pod as the plugin would; before 1.22 the plugin is not modelled', () => {
    expect(configFromPod(pod(), { cni: true }).mode).toBe('cni');
    expect(codes(configFromPod(cni(), { version: '1.21' }))).toEqual([
      { code: 'not-modelled', severity: 'error', field: undefined },
    ]);
  });
});

describe('the three ways in agree', () => {
  test.each(GOLDEN_CASES)('%s: JSON, command line and pod manifest give the same configuration', (name) => {
    const config = goldenConfig(name);
    const line = configToArgs(config);
    const manifest = pod({
      initArgs: line.args,
      initEnv: Object.fromEntries(line.env.map((e) => [e.name, e.value])),
      podIPs: config.enableIpv6 ? ['fd00::2'] : ['10.250.0.2'],
    });
    const fromPod = configFromPod(manifest, { version: '1.31', dnsServers: line.dnsServers });
    expect(fromPod.config).toEqual(config);
    const fromArgs = configFromArgs(line.args, { env: line.env, dnsServers: line.dnsServers, ipv6: line.ipv6 });
    expect(fromArgs.config).toEqual(fromPod.config);
    expect(configFromJson(readConfigText(name)).config).toEqual(fromPod.config);
  });
});
