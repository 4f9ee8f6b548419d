// The world's own constants cut each field into cells: the values the pod's code (routing, source selection, listener
// lookup, Envoy's and pilot-agent's follow-on connections, loop detection) tells apart. Inside one cell that code
// decides alike, so a class is narrowed to the cell of its representative wherever such code reads a field that
// carries one of the class's varying values (explore.ts). The cells:
// - addresses: each address the world names (the pod's, loopback 127.0.0.1 and ::1, Envoy's inbound source 127.0.0.6
//   and ::6, Service VIPs and endpoints, outside actors, NAT targets' addresses, unspecified and broadcast) on its
//   own; then the ranges the kernel treats specially (127.0.0.0/8 loopback, 224.0.0.0/4 and ff00::/8 multicast,
//   0.0.0.0/8 and 240.0.0.0/4 reserved), each minus those addresses; then everything else;
// - ports: each port the world names (its listeners', the application's, Istio's well-known ports, Services', NAT
//   targets') on its own, then everything else;
// - uids and gids: the proxy's, the application's and pilot-agent's on their own, then everything else.
import { type ConstantSink, fieldMax, type SymbolicField, targetKind } from '../kinds/index.ts';
import { type Addr, addrToBig, cidrBounds, type Family, parseAddr, parseCidr } from '../net/index.ts';
import { PORTS, podListeners, type World } from '../pod/index.ts';
import { contains, type IntervalSet, normalise, single, span, subtract } from './interval-set.ts';

const SPECIAL_RANGES: Readonly<Record<Family, readonly string[]>> = {
  ipv4: ['127.0.0.0/8', '224.0.0.0/4', '0.0.0.0/8', '240.0.0.0/4'],
  ipv6: ['ff00::/8'],
};
const SPECIAL_ADDRS: Readonly<Record<Family, readonly string[]>> = {
  ipv4: ['127.0.0.1', '127.0.0.6', '0.0.0.0', '255.255.255.255'],
  ipv6: ['::1', '::6', '::'],
};

export interface Cells {
  /** The cell of `value` for a field of this kind. */
  cellOf(field: SymbolicField, value: bigint): IntervalSet;
  /** The cell of a port among only `named` ports: the port alone if named, else every port not named. */
  portAmong(value: bigint, named: readonly bigint[]): IntervalSet;
  /** Ports the listener lookup tells apart; ports a capture listener's follow-on tells apart; Service VIP ports. */
  readonly listenerPorts: readonly bigint[];
  /**
   * The cell of a refused port: the port alone when some listener of the protocol has it (a listener bound to another
   * address refuses there), else every port no listener of the protocol has (the lookup fails alike at each).
   */
  refusedCell(protocol: 'tcp' | 'udp', port: bigint): IntervalSet;
  readonly capturePorts: readonly bigint[];
  /** capturePorts and a capture listener's own port. */
  capturePortsWith(listenerPort: number): readonly bigint[];
  readonly vipPorts: readonly bigint[];
  readonly vipAddrs: readonly bigint[];
  /** The world's named values of a field (for choosing simple representatives). */
  readonly named: Readonly<Record<'addr' | 'port' | 'id', readonly bigint[]>>;
}

function ruleConstants(world: World, family: Family): { ports: number[]; addrs: bigint[] } {
  const ports: number[] = [];
  const addrs: bigint[] = [];
  const sink: ConstantSink = {
    port: (n) => ports.push(n),
    uid: () => {},
    gid: () => {},
    addr: (a) => {
      if (a.family === family) addrs.push(addrToBig(a));
    },
  };
  const rs = world.pod.rulesets[family];
  for (const t of rs?.tables ?? [])
    for (const c of t.chains) for (const r of c.rules) targetKind(r.target).constants(r.target, sink);
  return { ports, addrs };
}

export function worldCells(world: World, family: Family): Cells {
  const { pod } = world;
  const ofFamily = (a: Addr) => a.family === family;
  const big = (a: Addr) => addrToBig(a);
  const targets = ruleConstants(world, family);
  const namedAddrs = [
    ...pod.addresses.filter(ofFamily),
    ...world.outside.map((o) => o.addr).filter(ofFamily),
    ...world.services.flatMap((s) => [s.vip.addr, ...s.endpoints.map((e) => e.addr)]).filter(ofFamily),
    ...SPECIAL_ADDRS[family].map(parseAddr),
  ].map(big);
  const addrs = [...new Set([...namedAddrs, ...targets.addrs])];
  const ports = [
    ...new Set(
      [
        ...pod.app.ports,
        ...podListeners(pod).map((l) => l.port),
        ...Object.values(PORTS),
        ...world.services.flatMap((s) => [s.vip.port, ...s.endpoints.map((e) => e.port)]),
        ...targets.ports,
      ].filter((p) => p >= 0 && p <= 65535),
    ),
  ].map(BigInt);
  const ids = [...new Set([pod.proxy.uid, pod.proxy.gid, pod.app.uid, pod.app.gid, pod.agent.uid, pod.agent.gid])].map(
    BigInt,
  );
  const addrSet = normalise(addrs.map((a) => ({ from: a, to: a })));
  const ranges = SPECIAL_RANGES[family].map((c) => cidrBounds(parseCidr(c)));
  const rangeSet = normalise(ranges);
  const portSet = normalise(ports.map((p) => ({ from: p, to: p })));
  const idSet = normalise(ids.map((p) => ({ from: p, to: p })));
  // The cells that hold many values are computed once: explore asks for a cell at every hop of every class.
  const rest = (max: bigint, named: IntervalSet) => subtract(span(0n, max), named);
  const addrRest = subtract(rest(fieldMax('dst', family), rangeSet), addrSet);
  const rangeRests = ranges.map((r) => ({ ...r, cell: subtract(span(r.from, r.to), addrSet) }));
  const portRest = rest(fieldMax('dport', family), portSet);
  const idRest = rest(fieldMax('uid', family), idSet);
  const singles = new Map<bigint, IntervalSet>();
  const singleCell = (value: bigint): IntervalSet => {
    let cell = singles.get(value);
    if (cell === undefined) {
      cell = single(value);
      singles.set(value, cell);
    }
    return cell;
  };
  const cellOf = (field: SymbolicField, value: bigint): IntervalSet => {
    if (field === 'src' || field === 'dst') {
      if (contains(addrSet, value)) return singleCell(value);
      return rangeRests.find((r) => value >= r.from && value <= r.to)?.cell ?? addrRest;
    }
    const named = field === 'dport' ? portSet : idSet;
    return contains(named, value) ? singleCell(value) : field === 'dport' ? portRest : idRest;
  };
  const unnamed = new Map<string, IntervalSet>();
  const portAmong = (value: bigint, named: readonly bigint[]): IntervalSet => {
    if (named.includes(value)) return singleCell(value);
    const key = named.join(',');
    let cell = unnamed.get(key);
    if (cell === undefined) {
      cell = subtract(span(0n, 65535n), normalise(named.map((n) => ({ from: n, to: n }))));
      unnamed.set(key, cell);
    }
    return cell;
  };
  const listeners = podListeners(pod);
  const vipPorts = [...new Set(world.services.map((s) => BigInt(s.vip.port)))];
  const capturePorts = [...new Set([PORTS.outbound, PORTS.inbound, ...pod.app.ports].map(BigInt)), ...vipPorts];
  const withListener = new Map<number, readonly bigint[]>();
  const byProtocol = (protocol: 'tcp' | 'udp') => [
    ...new Set(listeners.filter((l) => l.protocol === protocol).map((l) => BigInt(l.port))),
  ];
  const listenerPortsOf = { tcp: byProtocol('tcp'), udp: byProtocol('udp') };
  return {
    cellOf,
    portAmong,
    refusedCell: (protocol, port) => portAmong(port, listenerPortsOf[protocol]),
    listenerPorts: [...new Set(listeners.map((l) => BigInt(l.port)))],
    capturePorts,
    capturePortsWith: (port) => {
      let ports = withListener.get(port);
      if (ports === undefined) {
        ports = [...capturePorts, BigInt(port)];
        withListener.set(port, ports);
      }
      return ports;
    },
    vipPorts,
    vipAddrs: world.services
      .map((s) => s.vip.addr)
      .filter(ofFamily)
      .map(big),
    named: { addr: namedAddrs, port: ports, id: ids },
  };
}
