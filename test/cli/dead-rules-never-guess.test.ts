// Issue 12: "the dead-rule lint calls live rules dead". A rule is dead only when the model proves no packet reaches
// it; a rule no walk reached that a packet the model does not simulate might reach is listed as "cannot tell", with
// why. Each reproduction of the issue is here, on Istio 1.25's default sidecar (model/profiles/istio-1.25.ts) with
// the rule the issue names added; expectations are read off the rules by hand.
import { describe, expect, it } from 'vitest';
import { profileNamed } from '../../model/profiles/index.ts';
import type { checkJson } from '../../scripts/cli/render/check-json.ts';
import { runCli, validJson } from './helpers.ts';

type CheckDoc = ReturnType<typeof checkJson>;

const ISTIO_1_25 = profileNamed('istio-1.25')!.rulesText;

/** Istio 1.25's rules with `rule` inserted first in nat PREROUTING, and `filter` (a filter table) appended. */
function dump(natRule: string | null, filter: readonly string[] = []): string {
  const nat = natRule
    ? ISTIO_1_25.replace('-A PREROUTING -p tcp -j ISTIO_INBOUND', `${natRule}\n-A PREROUTING -p tcp -j ISTIO_INBOUND`)
    : ISTIO_1_25;
  return filter.length > 0 ? `${nat}${['*filter', ...filter, 'COMMIT', ''].join('\n')}` : nat;
}

async function lint(stdin: string) {
  const r = await runCli(['check', '-', '--invariant', 'dead-rules', '--json'], { stdin });
  const doc = validJson<CheckDoc>('check', r.stdout);
  const text = await runCli(['check', '-', '--invariant', 'dead-rules'], { stdin });
  return {
    dead: doc.deadRules.map((d) => `${d.table} ${d.chain} ${d.index}`),
    cannotTell: Object.fromEntries(doc.undecidedRules.map((u) => [`${u.table} ${u.chain} ${u.index}`, u.why])),
    text: text.stdout,
  };
}

/** What the default sidecar's lint proves dead (rules 5, 6 and 8 of ISTIO_OUTPUT are shadowed by the uid rules). */
const SHADOWED = ['nat ISTIO_OUTPUT 5', 'nat ISTIO_OUTPUT 6', 'nat ISTIO_OUTPUT 8'];

describe('the dead-rule lint never guesses', () => {
  it('`-m addrtype --dst-type LOCAL -j RETURN` first in PREROUTING: ISTIO_INBOUND is "cannot tell", never dead', async () => {
    const r = await lint(dump('-A PREROUTING -m addrtype --dst-type LOCAL -j RETURN'));
    expect(r.dead).toEqual(SHADOWED);
    expect(r.cannotTell['nat PREROUTING 1']).toMatch(/^the model does not evaluate one of its matches or its target/);
    for (const key of ['nat PREROUTING 2', ...[1, 2, 3, 4, 5].map((i) => `nat ISTIO_INBOUND ${i}`)]) {
      expect(r.cannotTell[key], key).toBe(
        'walks that could reach it stop at a rule the model cannot evaluate (nat PREROUTING rule 1: -A PREROUTING -m addrtype --dst-type LOCAL -j RETURN).',
      );
    }
    expect(r.text).not.toContain('decided earlier by .');
    expect(r.text).toMatch(/^ {4}cannot tell: walks that could reach it stop at a rule/m);
  });

  it('nat `--ctstate RELATED,ESTABLISHED -j ACCEPT`: cannot tell (a helper-expected connection is RELATED in nat)', async () => {
    const r = await lint(dump('-A PREROUTING -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT'));
    expect(r.dead).toEqual(SHADOWED);
    expect(r.cannotTell['nat PREROUTING 1']).toMatch(/RELATED first packet of a connection a conntrack helper expects/);
    // Only new connections reach the rules after it: ISTIO_INBOUND is live.
    expect(Object.keys(r.cannotTell)).toEqual(['nat PREROUTING 1']);
  });

  it('filter `--ctstate RELATED,ESTABLISHED -j ACCEPT` and `--ctstate INVALID -j DROP` in INPUT: live (later packets)', async () => {
    const r = await lint(
      dump(null, [
        ':INPUT ACCEPT [0:0]',
        ':FORWARD ACCEPT [0:0]',
        ':OUTPUT ACCEPT [0:0]',
        '-A INPUT -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT',
        '-A INPUT -m conntrack --ctstate INVALID -j DROP',
      ]),
    );
    expect(r.dead).toEqual(SHADOWED);
    expect(r.cannotTell).toEqual({});
  });

  it("a node dump's `-A INPUT -j KUBE-FIREWALL` is live (inbound packets enter INPUT); FORWARD is cannot tell", async () => {
    const r = await lint(
      dump(null, [
        ':INPUT ACCEPT [0:0]',
        ':FORWARD ACCEPT [0:0]',
        ':OUTPUT ACCEPT [0:0]',
        ':KUBE-FIREWALL - [0:0]',
        ':KUBE-FORWARD - [0:0]',
        '-A INPUT -j KUBE-FIREWALL',
        '-A FORWARD -j KUBE-FORWARD',
        '-A OUTPUT -j KUBE-FIREWALL',
        '-A KUBE-FIREWALL ! -s 127.0.0.0/8 -d 127.0.0.0/8 -m conntrack ! --ctstate RELATED,ESTABLISHED,DNAT -j DROP',
        '-A KUBE-FORWARD -m conntrack --ctstate INVALID -j DROP',
      ]),
    );
    expect(r.dead).toEqual(SHADOWED);
    // INPUT 1 and OUTPUT 1 are hit; FORWARD and the chain only it enters cannot be told.
    expect(Object.keys(r.cannotTell).sort()).toEqual([
      'filter FORWARD 1',
      'filter KUBE-FIREWALL 1',
      'filter KUBE-FORWARD 1',
    ]);
    expect(r.cannotTell['filter FORWARD 1']).toMatch(/^only forwarded packets enter FORWARD/);
    expect(r.cannotTell['filter KUBE-FORWARD 1']).toMatch(/^only forwarded packets enter KUBE-FORWARD/);
    // kube-proxy's martian rule: a process bound to the pod's address may send to 127.0.0.1, which the model does not try.
    expect(r.cannotTell['filter KUBE-FIREWALL 1']).toMatch(/a process may bind any of the pod's addresses/);
  });

  it('explain says "cannot tell" with why, not "dead no" (text and JSON)', async () => {
    const stdin = dump('-A PREROUTING -m addrtype --dst-type LOCAL -j RETURN');
    const args = ['explain', '-', '--chain', 'ISTIO_INBOUND', '--rule', '5'];
    const text = await runCli(args, { stdin });
    expect(text.stdout).toMatch(
      /^dead {7}cannot tell: no walk reached it, but walks that could reach it stop at a rule/m,
    );
    const doc = validJson<{ explanation: { dead: unknown; cannotTell: string | null } }>(
      'explain',
      (await runCli([...args, '--json'], { stdin })).stdout,
    );
    expect(doc.explanation.dead).toBeNull();
    expect(doc.explanation.cannotTell).toMatch(/^walks that could reach it stop at a rule the model cannot evaluate/);
  });

  it('what stays proved dead: a chain nothing jumps to, and rules shadowed for every simulated packet', async () => {
    const r = await lint(dump(null, [':INPUT ACCEPT [0:0]', ':UNUSED - [0:0]', '-A UNUSED -j DROP']));
    expect(r.dead).toEqual([...SHADOWED, 'filter UNUSED 1']);
  });
});
