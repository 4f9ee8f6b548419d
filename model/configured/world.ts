// The pod a configuration describes: every proxy uid and gid (-u 3,4 -g 1,2), the application's ports when -b lists
// them, the interfaces -c and -k name, the resolv.conf nameservers, TPROXY's local route, and the Envoy behaviour of
// the version. What the configuration cannot say (a name no table resolves) is a note, never a guessed id.
import type { IstioConfig, IstioVersion } from '../istio/index.ts';
import { type Addr, AddressError, parseAddr } from '../net/index.ts';
import type { ExtraInterface, WorldOptions } from '../pod/index.ts';
import { envoyBehaviourOf } from './behaviour.ts';
import { type NameTable, resolveOwners } from './groups.ts';

export type ConfiguredWorldOptions = Omit<WorldOptions, 'rulesets'>;

export interface ConfiguredWorld {
  readonly options: ConfiguredWorldOptions;
  /** What could not be taken from the configuration, and what was assumed instead. */
  readonly notes: readonly string[];
}

export function configuredWorldOptions(config: IstioConfig, version: IstioVersion, names: NameTable): ConfiguredWorld {
  const notes: string[] = [];
  const uids = resolveOwners(config.proxyUid, names.users);
  const gids = resolveOwners(config.proxyGid, names.groups);
  for (const name of uids.unresolved)
    notes.push(
      `proxy user ${JSON.stringify(name)} has no uid here (give --group-file or a numeric -u); it is left out of the proxy identities`,
    );
  for (const name of gids.unresolved)
    notes.push(
      `proxy group ${JSON.stringify(name)} has no gid here (give --group ${name}=GID); it is left out of the proxy identities`,
    );
  const include = config.inboundPortsInclude;
  const appPorts = include.kind === 'list' && include.items.length > 0 ? include.items : undefined;
  const extraInterfaces: ExtraInterface[] = [
    ...config.excludeInterfaces.map((name) => ({ name, role: 'excluded' as const })),
    ...config.rerouteVirtualInterfaces.map((name) => ({ name, role: 'virtual' as const })),
  ];
  const dnsServers: Addr[] = [];
  for (const text of [...config.dnsServersV4, ...config.dnsServersV6]) {
    try {
      dnsServers.push(parseAddr(text));
    } catch (e) {
      if (!(e instanceof AddressError)) throw e;
      notes.push(`DNS server ${JSON.stringify(text)} is not an address; it is left out`);
    }
  }
  // istio-iptables' own check (tools/istio-iptables/pkg/capture/run.go at istio/istio 86c9f01): "REDIRECT_DNS is set,
  // but CAPTURE_ALL_DNS is false, and no DNS servers provided. DNS capture disabled." It writes no DNS rule and goes on.
  if (config.redirectDns && !config.captureAllDns && config.dnsServersV4.length + config.dnsServersV6.length === 0) {
    notes.push(
      "DNS capture is asked (--redirect-dns) but no DNS server is configured and --capture-all-dns is off: istio-iptables writes no DNS rules (it only logs a warning), so no query is captured; give the pod's resolv.conf servers (--dns-server) or --capture-all-dns",
    );
  }
  return {
    options: {
      envoy: envoyBehaviourOf(version, config),
      ...(uids.ids.length > 0 ? { proxyUids: uids.ids } : {}),
      ...(gids.ids.length > 0 ? { proxyGids: gids.ids } : {}),
      ...(appPorts ? { appPorts } : {}),
      extraInterfaces,
      dnsServers,
      // TPROXY mode: istio-iptables adds `ip rule add fwmark <-t> lookup <-r>` and `ip route add local default dev lo
      // table <-r>` (capture/run.go), so marked packets route to lo.
      localRouteMark: config.interceptionMode === 'TPROXY' ? config.tproxyMark : null,
    },
    notes,
  };
}
