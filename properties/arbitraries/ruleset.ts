// Rulesets the parser must read back exactly: every rule is legal where it stands (table, hooks, protocol), matches
// are in iptables-save's canonical order, and values lean toward Istio's (ports 15001/15006/15008, uid 1337, loopback
// addresses, ISTIO_* chains), because uniformly random values rarely look like the rules under test.
// Placement is kept legal by construction: each user chain gets a "home" hook, and only that hook's built-in chain
// or earlier user chains with the same home jump to it, so the hooks reaching a chain are a subset of {home} and the
// jump graph has no cycle.
import fc from 'fast-check';
import { type Addr, type Cidr, type Family, maskAddr } from '../../model/net/index.ts';
import {
  BUILTIN_CHAINS,
  type BuiltinChainName,
  type Chain,
  type CtState,
  iptablesBaseHook,
  iptablesFamily,
  type Match,
  type Range,
  type Rule,
  type Ruleset,
  TABLE_NAMES,
  type Table,
  type TableName,
  type Target,
} from '../../model/rules/index.ts';

type Arb<T> = fc.Arbitrary<T>;
type Protocol = Extract<Match, { kind: 'protocol' }>;

interface Place {
  readonly family: Family;
  readonly table: TableName;
  readonly hook: BuiltinChainName;
  /** User chains this chain may jump to. */
  readonly jumps: readonly string[];
}

/** Drops undefined fields, so generated values have the shape the parser builds (no `key: undefined`). */
function compact<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

const u16 = fc.integer({ min: 0, max: 0xffff });
const u32: Arb<number> = fc.oneof(
  fc.constantFrom(0, 1, 1337, 1338, 0xffffffff),
  fc.tuple(u16, u16).map(([hi, lo]) => hi * 0x10000 + lo),
);
const port = fc.oneof(fc.constantFrom(53, 80, 15001, 15006, 15008, 15020, 15021, 15053, 15090), u16);
const single = port.map((p): Range => ({ from: p, to: p }));
const ordered = (lo: Arb<number>) =>
  fc.tuple(lo, lo).map(([a, b]): Range => ({ from: Math.min(a, b), to: Math.max(a, b) }));
const portRange = fc.oneof(single, ordered(port));
const id = fc.oneof(
  fc.constantFrom(0, 1, 1337, 1338),
  fc.tuple(u16, u16).map(([h, l]) => Math.min(h * 0x10000 + l, 0xfffffffe)),
);
const negated = fc.boolean();

const V4_WORDS = [0x7f000001, 0x7f000006, 0x7f000035, 0x0a000000, 0x01010000];
const V6_WORDS: readonly (readonly number[])[] = [
  [0, 0, 0, 1], // ::1
  [0, 0, 0, 6], // ::6
  [0, 0, 0, 0x7f000035], // ::127.0.0.53, which ipaddr.js alone would misread
  [0, 0, 0xffff, 0x0a000001], // ::ffff:10.0.0.1
  [0x20010db8, 0, 0, 0], // 2001:db8::
];

function addr(family: Family): Arb<Addr> {
  const words: Arb<readonly number[]> =
    family === 'ipv4'
      ? fc.oneof(fc.constantFrom(...V4_WORDS), u32).map((w) => [w])
      : fc.oneof(fc.constantFrom(...V6_WORDS), fc.tuple(u32, u32, u32, u32));
  return words.map((w) => ({ family, words: [...w] }));
}

function cidr(family: Family): Arb<Cidr> {
  const prefix = fc.integer({ min: 0, max: family === 'ipv4' ? 32 : 128 });
  return fc.tuple(addr(family), prefix).map(([a, p]) => ({ addr: maskAddr(a, p), prefix: p }));
}

const iface = fc.constantFrom('lo', 'eth0', 'eth1', 'eth+', '+', 'not-istio-nic', 'veth1234567890a');

const protocol: Arb<Protocol> = fc
  .tuple(
    fc.oneof(
      fc.constantFrom<[number | 'all', string]>(
        [6, 'tcp'],
        [17, 'udp'],
        [1, 'icmp'],
        [58, 'icmpv6'],
        [132, 'sctp'],
        ['all', 'all'],
      ),
      fc.integer({ min: 0, max: 255 }).map((n): [number | 'all', string] => [n === 0 ? 'all' : n, String(n)]),
    ),
    negated,
  )
  .map(([[number, name], neg]) => ({ kind: 'protocol', negated: neg, protocol: number, name }));

/** The protocol numbers of a non-negated -p, for matches and targets that need one. */
const protoIs = (p: Protocol | undefined, numbers: readonly number[]) =>
  p !== undefined && !p.negated && typeof p.protocol === 'number' && numbers.includes(p.protocol);

const CT_STATES: readonly CtState[] = ['INVALID', 'NEW', 'RELATED', 'ESTABLISHED', 'UNTRACKED', 'SNAT', 'DNAT'];
const COMMENT_UNITS = ['a', 'Z', '0', '_', '-', ' ', '"', '\\', "'", '\t', '!', '#', 'é', '日', '😀'];

const UNSUPPORTED_MATCHES: readonly Match[] = [
  { kind: 'unsupported', module: 'limit', text: '--limit 5/sec' },
  { kind: 'unsupported', module: 'addrtype', text: '! --dst-type LOCAL' },
  { kind: 'unsupported', module: 'statistic', text: '--mode random --probability 0.5' },
];

function moduleMatch(place: Place, proto: Protocol | undefined): Arb<Match> {
  const owner = fc
    .record({
      uid: fc.option(
        fc.record({
          range: fc.oneof(
            id.map((i) => ({ from: i, to: i })),
            ordered(id),
          ),
          negated,
        }),
      ),
      gid: fc.option(fc.record({ range: id.map((i) => ({ from: i, to: i })), negated })),
      socket: fc.option(negated),
      suppl: fc.boolean(),
    })
    .map(
      ({ uid, gid, socket, suppl }): Match =>
        compact({
          kind: 'owner' as const,
          uid: uid ?? undefined,
          gid: gid ?? undefined,
          socketExists: socket === null ? undefined : { negated: socket },
          supplGroups: suppl && gid !== null ? true : undefined,
        }),
    );
  const marks = fc
    .tuple(fc.constantFrom('mark' as const, 'connmark' as const), negated, u32, u32)
    .map(([kind, neg, value, mask]): Match => ({ kind, negated: neg, value, mask }));
  const options: Arb<Match>[] = [
    marks,
    fc
      .tuple(negated, fc.subarray([...CT_STATES], { minLength: 1 }))
      .map(([neg, states]): Match => ({ kind: 'conntrack', negated: neg, states })),
    fc
      .string({ unit: fc.constantFrom(...COMMENT_UNITS), minLength: 1, maxLength: 24 })
      .map((text): Match => ({ kind: 'comment', text })),
    fc.constantFrom(...UNSUPPORTED_MATCHES),
  ];
  if (place.hook === 'OUTPUT' || place.hook === 'POSTROUTING') options.push(owner);
  if (protoIs(proto, [6, 17])) {
    const module = proto!.protocol === 6 ? ('tcp' as const) : ('udp' as const);
    options.push(
      fc
        .tuple(fc.constantFrom('source' as const, 'destination' as const), negated, portRange)
        .map(([direction, neg, r]): Match => ({ kind: 'port', module, direction, negated: neg, ranges: [r] })),
    );
  }
  if (protoIs(proto, [6, 17, 132])) {
    // A multiport range must be increasing (a:a is refused), so ranges here are singles or strictly ordered.
    const entry = fc.oneof(
      single,
      ordered(port).filter((r) => r.from < r.to),
    );
    options.push(
      fc
        .tuple(
          fc.constantFrom('source' as const, 'destination' as const, 'either' as const),
          negated,
          fc.array(entry, { minLength: 1, maxLength: 5 }),
        )
        .map(
          ([direction, neg, ranges]): Match => ({ kind: 'port', module: 'multiport', direction, negated: neg, ranges }),
        ),
    );
  }
  return fc.oneof(...options);
}

const REJECT_WITH: Readonly<Record<Family, readonly string[]>> = {
  ipv4: ['icmp-port-unreachable', 'icmp-host-prohibited', 'icmp-admin-prohibited'],
  ipv6: ['icmp6-adm-prohibited', 'icmp6-port-unreachable', 'icmp6-no-route'],
};

const FIXED_TARGETS: readonly Target[] = [
  { kind: 'none' },
  { kind: 'accept' },
  { kind: 'drop' },
  { kind: 'return' },
  { kind: 'log', module: 'LOG', options: '' },
  { kind: 'log', module: 'LOG', options: '--log-prefix "istio: " --log-level 4' },
  { kind: 'log', module: 'NFLOG', options: '--nflog-group 2' },
  { kind: 'unsupported', name: 'NFQUEUE', text: '--queue-num 1' },
  { kind: 'unsupported', name: 'TCPMSS', text: '--clamp-mss-to-pmtu' },
];

function target(place: Place, proto: Protocol | undefined): Arb<Target> {
  const { family, table, hook } = place;
  const withPorts = protoIs(proto, [6, 17, 132]);
  const ports = withPorts ? fc.option(portRange, { nil: undefined }) : fc.constant(undefined);
  const xmark = fc.tuple(u32, u32).map(([value, mask]) => ({ value, mask }));
  // iptables refuses DROP anywhere in the nat table (model/rules/placement.ts).
  const fixed = table === 'nat' ? FIXED_TARGETS.filter((t) => t.kind !== 'drop') : FIXED_TARGETS;
  const options: Arb<Target>[] = [
    fc.constantFrom(...fixed),
    xmark.map((m): Target => ({ kind: 'mark', ...m })),
    xmark.map((m): Target => ({ kind: 'connmark-set', ...m })),
    fc
      .tuple(fc.constantFrom('connmark-save' as const, 'connmark-restore' as const), u32, u32)
      .map(([kind, nfmask, ctmask]): Target => ({ kind, nfmask, ctmask })),
  ];
  if (place.jumps.length > 0) {
    options.push(
      fc
        .tuple(fc.constantFrom('jump' as const, 'goto' as const), fc.constantFrom(...place.jumps))
        .map(([kind, chain]): Target => ({ kind, chain })),
    );
  }
  if (table === 'filter') {
    options.push(
      fc
        .option(fc.constantFrom(...REJECT_WITH[family]), { nil: undefined })
        .map((w) => compact({ kind: 'reject' as const, with: w })),
    );
  }
  if (table === 'raw') {
    options.push(
      fc.constantFrom<Target>(
        { kind: 'ct', options: '--zone 1', zone: 1 },
        { kind: 'ct', options: '--notrack', notrack: true },
        { kind: 'ct', options: '--helper ftp' },
        { kind: 'log', module: 'TRACE', options: '' },
      ),
    );
  }
  if (table === 'nat' && (hook === 'PREROUTING' || hook === 'OUTPUT')) {
    options.push(
      fc
        .tuple(ports, fc.option(fc.constant(true), { nil: undefined }))
        .map(([toPorts, random]) => compact({ kind: 'redirect' as const, toPorts, random })),
      fc.tuple(addr(family), ports).map(([toAddr, toPorts]) => compact({ kind: 'dnat' as const, toAddr, toPorts })),
    );
  }
  if (table === 'nat' && (hook === 'POSTROUTING' || hook === 'INPUT')) {
    options.push(
      fc.tuple(addr(family), ports).map(([toAddr, toPorts]) => compact({ kind: 'snat' as const, toAddr, toPorts })),
    );
  }
  if (table === 'nat' && hook === 'POSTROUTING') {
    options.push(ports.map((toPorts) => compact({ kind: 'masquerade' as const, toPorts })));
  }
  if (table === 'mangle' && hook === 'PREROUTING' && protoIs(proto, [6, 17])) {
    options.push(
      fc
        .record({
          onPort: port,
          onIp: fc.option(addr(family), { nil: undefined }),
          mark: fc.option(xmark, { nil: undefined }),
        })
        .map((t) => compact({ kind: 'tproxy' as const, ...t })),
    );
  }
  return fc.oneof(...options);
}

function rule(place: Place): Arb<Rule> {
  const { family, hook } = place;
  const noIn = hook === 'OUTPUT' || hook === 'POSTROUTING';
  const noOut = hook === 'PREROUTING' || hook === 'INPUT';
  return fc.option(protocol, { nil: undefined }).chain((proto) =>
    fc
      .record({
        source: fc.option(fc.tuple(negated, cidr(family)), { nil: undefined }),
        destination: fc.option(fc.tuple(negated, cidr(family)), { nil: undefined }),
        inIface: noIn ? fc.constant(undefined) : fc.option(fc.tuple(negated, iface), { nil: undefined }),
        outIface: noOut ? fc.constant(undefined) : fc.option(fc.tuple(negated, iface), { nil: undefined }),
        modules: fc.array(moduleMatch(place, proto), { maxLength: 3 }),
        target: target(place, proto),
      })
      .map(({ source, destination, inIface, outIface, modules, target }): Rule => {
        const generic: Match[] = [];
        if (source) generic.push({ kind: 'source', negated: source[0], cidr: source[1] });
        if (destination) generic.push({ kind: 'destination', negated: destination[0], cidr: destination[1] });
        if (inIface) generic.push({ kind: 'in-interface', negated: inIface[0], name: inIface[1] });
        if (outIface) generic.push({ kind: 'out-interface', negated: outIface[0], name: outIface[1] });
        if (proto) generic.push(proto);
        return { matches: [...generic, ...modules], target };
      }),
  );
}

const CHAIN_NAMES = [
  'ISTIO_INBOUND',
  'ISTIO_OUTPUT',
  'ISTIO_REDIRECT',
  'ISTIO_IN_REDIRECT',
  'ISTIO_DIVERT',
  'KUBE-SVC-X1',
  'my.chain',
  'x',
];

function table(family: Family, name: TableName): Arb<Table> {
  const hooks = BUILTIN_CHAINS[name];
  const users = fc.uniqueArray(fc.constantFrom(...CHAIN_NAMES), { maxLength: 4 });
  return users
    .chain((names) =>
      fc.tuple(
        fc.constant(names),
        fc.array(fc.constantFrom(...hooks), { minLength: names.length, maxLength: names.length }),
      ),
    )
    .chain(([names, homes]) => {
      const rules = (hook: BuiltinChainName, jumps: string[]) =>
        fc.array(rule({ family, table: name, hook, jumps }), { maxLength: 3 });
      const builtins = hooks.map((hook) =>
        fc
          .tuple(
            fc.constantFrom('ACCEPT' as const, 'DROP' as const),
            rules(
              hook,
              names.filter((_, i) => homes[i] === hook),
            ),
          )
          .map(([policy, rs]): Chain => ({ name: hook, base: iptablesBaseHook(name, hook), policy, rules: rs })),
      );
      const userChains = names.map((chain, i) =>
        rules(
          homes[i]!,
          names.filter((_, j) => j > i && homes[j] === homes[i]),
        ).map((rs): Chain => ({ name: chain, base: null, policy: null, rules: rs })),
      );
      return fc
        .tuple(...builtins, ...userChains)
        .map((chains): Table => ({ family: iptablesFamily(family), name, chains }));
    });
}

/** One family's ruleset: one to four distinct tables in any order, each with legal, canonical rules. */
export function ruleset(family?: Family): Arb<Ruleset> {
  const fam = family ? fc.constant(family) : fc.constantFrom<Family>('ipv4', 'ipv6');
  return fc
    .tuple(fam, fc.uniqueArray(fc.constantFrom(...TABLE_NAMES), { minLength: 1, maxLength: 4 }))
    .chain(([f, names]) =>
      fc.tuple(...names.map((n) => table(f, n))).map((tables): Ruleset => ({ family: f, tables })),
    );
}
