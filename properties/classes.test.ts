// The packet classes as a proof (model/classes): every connection of the pod world's space falls in exactly one
// class, and behaves exactly like that class's representative (same fate: every hop's rule hits, landings and the
// end of the story). Connections are drawn two ways: biased by the rules under test (their constants, the pod's
// addresses and identities) and uniformly over the whole space (any uid and gid, any address including the special
// ranges, any port, either bound source, any outside sender).
import { fc, test } from '@fast-check/vitest';
import { beforeAll, describe, expect, it } from 'vitest';
import { boxHolds, type ClassAnalysis, fateKey, initialBoxes, partition, setSize } from '../model/classes/index.ts';
import { buildDomain } from '../model/invariants/index.ts';
import { addrEquals, isLoopback, isSpecial, parseAddr } from '../model/net/index.ts';
import { type Connection, inboundSource, makeWorld, simulate, type World } from '../model/pod/index.ts';
import { profileNamed, profileRuleset } from '../model/profiles/index.ts';
import { parseDumpOrThrow } from '../model/rules/index.ts';
import { anyConnectionArb } from './arbitraries/connection.ts';

const PROFILES_UNDER_TEST = ['istio-1.4', 'istio-1.10', 'istio-1.25'] as const;

function uniformConnectionArb(world: World): fc.Arbitrary<Connection> {
  const port = fc.integer({ min: 1, max: 65535 });
  const pod = fc
    .record({
      uid: fc.integer({ min: 0, max: 0xfffffffe }),
      gid: fc.integer({ min: 0, max: 0xfffffffe }),
      dst: fc.ipV4(),
      port,
      protocol: fc.constantFrom('tcp' as const, 'udp' as const),
      bind: fc.constantFrom(undefined, inboundSource('ipv4')),
    })
    .map(
      ({ uid, gid, dst, port, protocol, bind }): Connection => ({
        from: { kind: 'pod', actor: 'process', uid, gid },
        protocol,
        dst: { addr: parseAddr(dst), port },
        ...(bind ? { src: bind } : {}),
      }),
    );
  const outside = fc
    .record({
      actor: fc.constantFrom(...world.outside.filter((o) => o.addr.family === 'ipv4')),
      // Martian sources are outside the space (model/classes/partition.ts): the kernel drops them before any rule.
      src: fc
        .ipV4()
        .filter(
          (a) =>
            !isSpecial(parseAddr(a)) && !isLoopback(parseAddr(a)) && !addrEquals(parseAddr(a), world.pod.addresses[0]!),
        ),
      port,
      protocol: fc.constantFrom('tcp' as const, 'udp' as const),
    })
    .map(
      ({ actor, src, port, protocol }): Connection => ({
        from: { kind: 'outside', actor: actor.id, addr: parseAddr(src) },
        protocol,
        dst: { addr: world.pod.addresses[0]!, port },
      }),
    );
  return fc.oneof({ weight: 3, arbitrary: pod }, { weight: 1, arbitrary: outside });
}

/** The pod actor the world names an identity as (simulate labels hops with it; the class does the same). */
function named(world: World, c: Connection): Connection {
  if (c.from.kind !== 'pod') return c;
  const { proxy, app } = world.pod;
  const { uid, gid } = c.from;
  const actor =
    uid === proxy.uid && gid === proxy.gid ? 'envoy' : uid === app.uid && gid === app.gid ? 'app' : 'process';
  return { ...c, from: { ...c.from, actor } };
}

/**
 * istio-1.25 with istio-iptables -x and -b lists (runs of same-target rules tested as one, model/kernel/runs.ts): the
 * CIDRs overlap (one nested in an earlier one, one across two others) so the first matching rule is not the only one
 * holding the address, and the inbound ports jump to ISTIO_IN_REDIRECT (a run of jumps: disjoint sets).
 */
function withLists(): World {
  const profile = profileNamed('istio-1.25');
  const cidrs = ['10.96.0.0/12', '100.64.1.0/24', '10.100.0.0/16', '100.64.0.0/23', '192.168.7.0/24'];
  const excluded = cidrs.map((c) => `-A ISTIO_OUTPUT -d ${c} -j RETURN`);
  const ports = [8080, 9090, 9091, 15008].map(
    (p) => `-A ISTIO_INBOUND -p tcp -m tcp --dport ${p} -j ISTIO_IN_REDIRECT`,
  );
  const text = profile.rulesText
    .replace('-A ISTIO_OUTPUT -j ISTIO_REDIRECT', [...excluded, '-A ISTIO_OUTPUT -j ISTIO_REDIRECT'].join('\n'))
    .replace('-A ISTIO_INBOUND -p tcp -j ISTIO_IN_REDIRECT', ports.join('\n'));
  if (!text.includes(excluded[0]!) || !text.includes(ports[0]!)) throw new Error('istio-1.25 changed: no lists added');
  return makeWorld({ rulesets: { ipv4: parseDumpOrThrow(text).rulesets[0]! }, envoy: profile.envoy });
}

const WORLDS: readonly { readonly name: string; readonly world: () => World }[] = [
  ...PROFILES_UNDER_TEST.map((name) => ({
    name,
    world: () => {
      const profile = profileNamed(name);
      return makeWorld({ rulesets: { ipv4: profileRuleset(profile) }, envoy: profile.envoy });
    },
  })),
  { name: 'istio-1.25 with exclusion and inbound port lists', world: withLists },
];

for (const { name, world: worldOf } of WORLDS) {
  describe(`packet classes of ${name}`, () => {
    const world = worldOf();
    let analysis: ClassAnalysis;
    beforeAll(() => {
      analysis = partition(world, 'ipv4');
    });

    const behavesLikeItsClass = (drawn: Connection) => {
      const c = named(world, drawn);
      const holders = analysis.classes.filter((k) => boxHolds(k.box, c));
      expect(holders.length, `classes holding ${JSON.stringify(c)}`).toBe(1);
      expect(fateKey(simulate(world, c)), JSON.stringify(c)).toBe(fateKey(holders[0]!.trace));
    };

    it('covers the space: not sampled, and the class sizes add up to the whole space exactly', () => {
      expect(analysis.sampled).toBeNull();
      const sizeOf = (b: (typeof analysis.classes)[number]['box']) =>
        Object.values(b.vars).reduce((n, set) => n * setSize(set!), 1n);
      const whole = initialBoxes(world, 'ipv4').reduce((n, b) => n + sizeOf(b), 0n);
      const classes = analysis.classes.reduce((n, k) => n + sizeOf(k.box), 0n);
      expect(classes).toBe(whole);
    });

    it('each representative is in its own class', () => {
      for (const k of analysis.classes) expect(boxHolds(k.box, k.representative)).toBe(true);
    });

    test.prop([anyConnectionArb(world, buildDomain(world, 'ipv4'))])(
      'a connection biased by the rules behaves like its class representative',
      behavesLikeItsClass,
    );
    test.prop([uniformConnectionArb(world)])(
      'a uniformly random connection behaves like its class representative',
      behavesLikeItsClass,
    );
  });
}
