// The DNS scenarios (the seventh traffic type) on every profile whose release has modelled DNS capture, each hop with
// the conntrack zone of its packet and of its answer, written by hand from istio-iptables' DNS rules per release
// (capture/run.go, model/istio/generate/dns.ts): no zones before 1.11; from 1.11 the applications' queries and
// pilot-agent's answers in zone 2 and pilot-agent's upstream queries in zone 1 (UDP only); before 1.20 the zone-1 rule
// for the upstream answers matches `-d server`, which an answer from the server never has (Istio #46935), so with a
// server list the answer is looked up in zone 0 and starts a new entry there; --capture-all-dns's rule matches
// `--sport 53` alone and finds zone 1. A stub resolver's answer is produced in the pod and tracked at raw OUTPUT in
// zone 0 (see model/invariants/dns.ts). The kernel oracle saw the same (test/oracle/dns-oracle.test.ts).
import { describe, expect, it } from 'vitest';
import { simulate } from '../../model/pod/index.ts';
import { dnsCapable, dnsWorld, PROFILES } from '../../model/profiles/index.ts';
import { DNS_SCENARIOS, findDnsScenario } from '../../model/scenarios/index.ts';
import { endpointText, type Trace } from '../../model/trace/index.ts';

function notation(t: Trace): string[] {
  return t.hops.map((h) => {
    const lands = h.landed.kind === 'listener' ? h.landed.role : h.landed.kind;
    const r = h.reply;
    const answer = r
      ? ` / answer z${r.conntrack?.zone ?? 0} ${r.conntrack?.lookup} from ${endpointText(r.srcAfterNat)}`
      : '';
    return `${h.actor.id} ${h.protocol} ${endpointText(h.dst)} z${h.conntrack?.zone ?? 0} > ${lands}${answer}`;
  });
}

const KD = '10.251.0.53:53';
const OTHER = '10.251.0.99:53';
const STUB = '127.0.0.53:53';

/** zq: the applications' UDP query zone; zu: the upstream query's; za: where the upstream answer is found. */
function expected(zq: number, zu: number, zaListed: string, zaAll: string): Record<string, string[]> {
  return {
    'dns-query': [
      `app udp ${KD} z${zq} > dns / answer z${zq} reply from ${KD}`,
      `pilot-agent udp ${KD} z${zu} > left-pod / answer ${zaListed} from ${KD}`,
    ],
    'dns-query-tcp': [
      `app tcp ${KD} z0 > dns / answer z0 reply from ${KD}`,
      `pilot-agent tcp ${KD} z0 > left-pod / answer z0 reply from ${KD}`,
    ],
    'dns-proxy-upstream': [`pilot-agent udp ${KD} z${zu} > left-pod / answer ${zaListed} from ${KD}`],
    'dns-unlisted-server': [`app udp ${OTHER} z0 > left-pod / answer z0 reply from ${OTHER}`],
    'dns-capture-all': [
      `app udp ${OTHER} z${zq} > dns / answer z${zq} reply from ${OTHER}`,
      `pilot-agent udp ${KD} z${zu} > left-pod / answer ${zaAll} from ${KD}`,
    ],
    'dns-stub-resolver': [
      `app udp ${STUB} z${zq} > dns / answer z${zq} reply from ${STUB}`,
      `pilot-agent udp ${STUB} z${zu} > dns-stub / answer z0 ${zu === 0 ? 'reply' : 'new'} from ${STUB}`,
      `stub-resolver udp ${KD} z0 > left-pod / answer z0 reply from ${KD}`,
    ],
  };
}

const NO_ZONES = expected(0, 0, 'z0 reply', 'z0 reply');
const WRONG_REPLY_ZONE = expected(2, 1, 'z0 new', 'z1 reply');
const ZONES = expected(2, 1, 'z1 reply', 'z1 reply');

const BY_PROFILE: Record<string, Record<string, string[]>> = {
  'istio-1.10': NO_ZONES,
  'istio-1.11': WRONG_REPLY_ZONE,
  'istio-1.14': WRONG_REPLY_ZONE,
  'istio-1.18': WRONG_REPLY_ZONE,
  'istio-1.22': ZONES,
  'istio-1.25': ZONES,
};

describe('DNS scenarios', () => {
  it('run on every profile from 1.10 (1.4 to 1.8 predate modelled DNS capture) and end with every answer delivered', () => {
    expect(PROFILES.filter(dnsCapable).map((p) => p.name)).toEqual(Object.keys(BY_PROFILE));
    expect(DNS_SCENARIOS.map((s) => s.id)).toEqual(Object.keys(ZONES));
  });

  for (const p of PROFILES.filter(dnsCapable)) {
    for (const s of DNS_SCENARIOS) {
      it(`${p.name} ${s.id}`, () => {
        const w = dnsWorld(p, s.setup);
        const t = simulate(w, s.connection(w));
        expect(notation(t)).toEqual(BY_PROFILE[p.name]![s.id]);
        for (const h of t.hops) expect(h.reply?.outcome, h.actor.id).toBe('answered');
      });
    }
  }

  it('are found by id, and refuse a profile without modelled DNS capture', () => {
    expect(findDnsScenario('dns-stub-resolver')?.setup).toEqual({ captureAllDns: false, server: 'stub' });
    expect(() =>
      dnsWorld(PROFILES.find((p) => p.name === 'istio-1.8')!, { captureAllDns: false, server: 'kube-dns' }),
    ).toThrow(/DNS capture is modelled from Istio 1\.9 on/);
  });
});
