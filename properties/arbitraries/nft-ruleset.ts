// nft syntax trees the nft parser must read back exactly from their printed text: ip/ip6/inet tables with base and
// regular chains, named sets, and rules of every statement kind the model reads, each value of the datatype its
// expression takes. Values lean toward Istio's (15001/15006/15008, uid 1337, marks 1337/1338, loopback addresses).
// Every object carries a handle, because a listing without handles reads back with the replay's handles.
import fc from 'fast-check';
import type { Addr } from '../../model/net/index.ts';
import type {
  NftBaseChain,
  NftChain,
  NftExpr,
  NftFamily,
  NftHook,
  NftOp,
  NftRule,
  NftRuleset,
  NftSet,
  NftStatement,
  NftTable,
  NftValue,
} from '../../model/nft/index.ts';

type Arb<T> = fc.Arbitrary<T>;
const AT = { line: 0, column: 0, length: 0 };

const name = fc
  .stringMatching(/^[a-z][a-z0-9_-]{0,8}$/)
  .filter((n) => !['meta', 'ct', 'counter', 'comment'].includes(n));
const port = fc.oneof(fc.constantFrom(15001, 15006, 15008, 15090, 53, 80), fc.integer({ min: 0, max: 0xffff }));
const u32 = fc.oneof(fc.constantFrom(1337, 1338, 0), fc.integer({ min: 0, max: 0xffffffff }));
const number = (arb: Arb<number>): Arb<NftValue> => arb.map((value) => ({ kind: 'number', value }));
const symbol = (...names: string[]): Arb<NftValue> =>
  fc.constantFrom(...names).map((n) => ({ kind: 'symbol', name: n }));

const v4: Arb<Addr> = fc
  .oneof(fc.constantFrom(0x7f000001, 0x7f000006, 0x0a000000, 0x7f000035), fc.integer({ min: 0, max: 0xffffffff }))
  .map((w) => ({ family: 'ipv4', words: [w >>> 0] }));
const v6: Arb<Addr> = fc
  .oneof(
    fc.constantFrom(
      [0, 0, 0, 1],
      [0, 0, 0, 6],
      [0, 0, 0, 0x7f000035],
      [0, 0, 0xffff, 0x0a000001],
      [0x20010db8, 0, 0, 0],
    ),
    fc.array(fc.integer({ min: 0, max: 0xffffffff }), { minLength: 4, maxLength: 4 }),
  )
  .map((words) => ({ family: 'ipv6', words: words.map((w) => w >>> 0) }));

function addressValue(addr: Arb<Addr>, max: number): Arb<NftValue> {
  return fc.oneof(
    addr.map((a): NftValue => ({ kind: 'address', addr: a })),
    fc.tuple(addr, fc.integer({ min: 0, max })).map(([a, length]): NftValue => ({ kind: 'prefix', addr: a, length })),
    fc.tuple(addr, addr).map(
      ([from, to]): NftValue => ({
        kind: 'range',
        from: { kind: 'address', addr: from },
        to: { kind: 'address', addr: to },
      }),
    ),
  );
}

const range = (arb: Arb<number>): Arb<NftValue> =>
  fc.tuple(arb, arb).map(
    ([a, b]): NftValue => ({
      kind: 'range',
      from: { kind: 'number', value: Math.min(a, b) },
      to: { kind: 'number', value: Math.max(a, b) },
    }),
  );
const set = (element: Arb<NftValue>): Arb<NftValue> =>
  fc.array(element, { minLength: 1, maxLength: 3 }).map((elements): NftValue => ({ kind: 'set', elements }));
const flags = (...names: string[]): Arb<NftValue> =>
  fc
    .subarray(names, { minLength: 2 })
    .map((picked): NftValue => ({ kind: 'list', elements: picked.map((n) => ({ kind: 'symbol', name: n })) }));

interface Operand {
  readonly left: NftExpr;
  readonly value: Arb<NftValue>;
  readonly numeric?: boolean;
  readonly bitmask?: boolean;
}

const STATES = ['invalid', 'established', 'related', 'new', 'untracked'];
const OPERANDS: readonly Operand[] = [
  {
    left: { kind: 'payload', protocol: 'ip', field: 'saddr' },
    value: fc.oneof(addressValue(v4, 32), set(v4.map((a): NftValue => ({ kind: 'address', addr: a })))),
  },
  { left: { kind: 'payload', protocol: 'ip', field: 'daddr' }, value: addressValue(v4, 32) },
  { left: { kind: 'payload', protocol: 'ip6', field: 'daddr' }, value: addressValue(v6, 128) },
  { left: { kind: 'payload', protocol: 'ip6', field: 'saddr' }, value: addressValue(v6, 128) },
  {
    left: { kind: 'payload', protocol: 'tcp', field: 'dport' },
    value: fc.oneof(number(port), range(port), set(number(port))),
    numeric: true,
  },
  { left: { kind: 'payload', protocol: 'udp', field: 'sport' }, value: number(port), numeric: true },
  { left: { kind: 'payload', protocol: 'th', field: 'dport' }, value: number(port), numeric: true },
  {
    left: { kind: 'meta', key: 'l4proto' },
    value: fc.oneof(symbol('tcp', 'udp', 'icmp', 'ipv6-icmp'), number(fc.integer({ min: 0, max: 255 }))),
  },
  { left: { kind: 'meta', key: 'nfproto' }, value: symbol('ipv4', 'ipv6') },
  {
    left: { kind: 'meta', key: 'iifname' },
    value: fc.constantFrom('lo', 'eth0', 'eth1', 'not-istio-nic').map((value): NftValue => ({ kind: 'string', value })),
  },
  {
    left: { kind: 'meta', key: 'oifname' },
    value: fc.constantFrom('lo', 'eth0').map((value): NftValue => ({ kind: 'string', value })),
  },
  { left: { kind: 'meta', key: 'skuid' }, value: fc.oneof(number(u32), symbol('envoy', 'root')), numeric: true },
  { left: { kind: 'meta', key: 'skgid' }, value: fc.oneof(number(u32), symbol('java')), numeric: true },
  { left: { kind: 'meta', key: 'mark' }, value: number(u32), numeric: true },
  { left: { kind: 'ct', key: 'mark' }, value: number(u32), numeric: true },
  { left: { kind: 'ct', key: 'zone' }, value: number(fc.integer({ min: 0, max: 0xffff })), numeric: true },
  { left: { kind: 'ct', key: 'state' }, value: fc.oneof(symbol(...STATES), flags(...STATES)), bitmask: true },
];

const match: Arb<NftStatement> = fc.constantFrom(...OPERANDS).chain((o) =>
  o.value.chain((right) => {
    const single = right.kind === 'number';
    const ops: NftOp[] = o.bitmask
      ? ['in', '==', '!=']
      : o.numeric && single
        ? ['==', '!=', '<', '>', '<=', '>=']
        : ['==', '!='];
    return fc.constantFrom(...ops).map((op): NftStatement => ({ kind: 'match', at: AT, left: o.left, op, right }));
  }),
);

const setStatement: Arb<NftStatement> = fc.oneof(
  number(u32).map((value): NftStatement => ({ kind: 'set', at: AT, key: { kind: 'meta', key: 'mark' }, value })),
  number(fc.integer({ min: 0, max: 0xffff })).map(
    (value): NftStatement => ({ kind: 'set', at: AT, key: { kind: 'ct', key: 'zone' }, value }),
  ),
  fc.constant<NftStatement>({
    kind: 'set',
    at: AT,
    key: { kind: 'ct', key: 'mark' },
    value: { kind: 'expr', expr: { kind: 'meta', key: 'mark' } },
  }),
  fc.constant<NftStatement>({
    kind: 'set',
    at: AT,
    key: { kind: 'meta', key: 'mark' },
    value: { kind: 'expr', expr: { kind: 'ct', key: 'mark' } },
  }),
);

const counter: Arb<NftStatement> = fc.oneof(
  fc.constant<NftStatement>({ kind: 'counter', at: AT }),
  fc.tuple(fc.nat(), fc.nat()).map(([packets, bytes]): NftStatement => ({ kind: 'counter', at: AT, packets, bytes })),
);

const unsupported: Arb<NftStatement> = fc
  .constantFrom('fib daddr type local', 'log prefix "x"', 'notrack', 'limit rate 10/second')
  .map((text): NftStatement => ({ kind: 'unsupported', at: AT, text }));

function terminal(jumps: readonly string[]): Arb<NftStatement> {
  const options: Arb<NftStatement>[] = [
    fc
      .constantFrom('accept', 'drop', 'return', 'continue')
      .map((verdict): NftStatement => ({ kind: 'verdict', at: AT, verdict: verdict as 'accept' })),
    fc
      .option(fc.oneof(number(port), range(port)), { nil: undefined })
      .map((p): NftStatement => (p ? { kind: 'redirect', at: AT, port: p } : { kind: 'redirect', at: AT })),
    fc
      .record({
        family: fc.constantFrom('ip' as const, 'ip6' as const),
        port: fc.option(port, { nil: undefined }),
        withAddr: fc.boolean(),
      })
      .chain(({ family, port: p, withAddr }) =>
        (family === 'ip' ? v4 : v6).map((addr): NftStatement => {
          const hasAddr = withAddr || p === undefined;
          return {
            kind: 'tproxy',
            at: AT,
            family,
            ...(hasAddr ? { addr } : {}),
            ...(p !== undefined ? { port: p } : {}),
          };
        }),
      ),
  ];
  if (jumps.length > 0)
    options.push(
      fc
        .tuple(fc.constantFrom('jump' as const, 'goto' as const), fc.constantFrom(...jumps))
        .map(([kind, target]): NftStatement => ({ kind, at: AT, target })),
    );
  return fc.oneof(...options);
}

function rule(jumps: readonly string[]): Arb<Omit<NftRule, 'handle'>> {
  return fc
    .record({
      body: fc.array(fc.oneof(match, match, counter, setStatement, unsupported), { maxLength: 5 }),
      end: fc.option(terminal(jumps), { nil: undefined }),
      comment: fc.option(fc.constantFrom('capture', 'envoy outbound', 'x'), { nil: undefined }),
    })
    .filter(({ body, end }) => body.length > 0 || end !== undefined)
    .map(({ body, end, comment }) => ({
      at: AT,
      statements: end ? [...body, end] : body,
      ...(comment !== undefined ? { comment } : {}),
    }));
}

const HOOKS: readonly NftHook[] = ['prerouting', 'input', 'forward', 'output', 'postrouting'];
const base: Arb<NftBaseChain> = fc
  .record({
    type: fc.constantFrom('filter' as const, 'nat' as const, 'route' as const),
    hook: fc.constantFrom(...HOOKS),
    priority: fc.oneof(fc.constantFrom(-300, -150, -100, -155, 0, 10, 100), fc.integer({ min: -400, max: 400 })),
    policy: fc.option(fc.constantFrom('accept' as const, 'drop' as const), { nil: undefined }),
  })
  .map(({ policy, ...rest }) => ({ ...rest, ...(policy ? { policy } : {}) }));

const namedSet: Arb<Omit<NftSet, 'handle' | 'name'>> = fc.oneof(
  fc.array(v4, { maxLength: 3 }).map((addrs) => ({
    at: AT,
    type: 'ipv4_addr',
    flags: [],
    elements: addrs.map((addr): NftValue => ({ kind: 'address', addr })),
  })),
  fc.array(port, { maxLength: 3 }).map((ports) => ({
    at: AT,
    type: 'inet_service',
    flags: ['interval'],
    elements: ports.map((value): NftValue => ({ kind: 'number', value })),
  })),
);

function table(family: NftFamily, tableName: string, handle: number): Arb<NftTable> {
  return fc
    .record({
      chainNames: fc.uniqueArray(name, { minLength: 1, maxLength: 4 }),
      setNames: fc.uniqueArray(name, { maxLength: 2 }),
      bases: fc.array(fc.option(base, { nil: undefined }), { minLength: 4, maxLength: 4 }),
    })
    .chain(({ chainNames, setNames, bases }) => {
      const regular = chainNames.filter((_, i) => bases[i] === undefined);
      return fc
        .record({
          sets: fc.tuple(...setNames.map(() => namedSet)),
          rules: fc.tuple(...chainNames.map(() => fc.array(rule(regular), { maxLength: 3 }))),
        })
        .map(({ sets, rules }): NftTable => {
          let next = 1;
          return {
            family,
            name: tableName,
            at: AT,
            handle,
            flags: [],
            unsupported: [],
            sets: sets.map((s, i) => ({ ...s, name: setNames[i]!, handle: next++ })),
            chains: chainNames.map(
              (chainName, i): NftChain => ({
                name: chainName,
                at: AT,
                handle: next++,
                ...(bases[i] ? { base: bases[i] } : {}),
                rules: rules[i]!.map((r) => ({ ...r, handle: next++ })),
              }),
            ),
          };
        });
    });
}

export function nftRuleset(): Arb<NftRuleset> {
  return fc
    .uniqueArray(fc.tuple(fc.constantFrom<NftFamily>('ip', 'ip6', 'inet'), name), {
      minLength: 1,
      maxLength: 3,
      selector: ([f, n]) => `${f} ${n}`,
    })
    .chain((ids) => fc.tuple(...ids.map(([family, tableName], i) => table(family, tableName, i + 1))))
    .map((tables) => ({ tables }));
}
