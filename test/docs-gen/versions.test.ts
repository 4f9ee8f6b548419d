// ::version-diff from diffs: each pair of consecutive profiles is described by its rule changes and the traffic whose
// fate changes. Expected values come from reading the profiles' rules: 1.10 and 1.11 have the same nat rules, so
// nothing changes; 1.18 adds `-p tcp ! --dport 15008` to ISTIO_OUTPUT's rules 2 and 5, so Envoy's own connection to
// the pod's IP on 15008 is no longer redirected to 15006 first, and that is the only change of fate.
import type { Root, Table } from 'mdast';
import { toString as mdText } from 'mdast-util-to-string';
import { describe, expect, it } from 'vitest';
import { stringifyMarkdown } from '../../docs-gen/markdown-processor.ts';
import { pairBlocks } from '../../docs-gen/pages/versions.ts';
import { type ProfileName, profileNamed } from '../../model/profiles/index.ts';

function pair(a: ProfileName, b: ProfileName): Root {
  return { type: 'root', children: pairBlocks(profileNamed(a), profileNamed(b)) };
}

const cells = (t: Table) => t.children.map((r) => r.children.map((c) => mdText(c)));

describe('version diff page', () => {
  it('istio-1.10 to istio-1.11: no rule changed, no traffic changes fate, proved', () => {
    const tree = pair('istio-1.10', 'istio-1.11');
    const text = stringifyMarkdown(tree);
    expect(text).toContain('No rule changed.');
    expect(text).toMatch(/No traffic changes fate \(proved over all \d+ classes\)\./);
    expect(text).not.toContain('keep their fate');
    expect(tree.children.some((n) => n.type === 'table')).toBe(false);
  });

  it('istio-1.14 to istio-1.18: rules 2 and 5 rewritten; the one change of fate is Envoy to the pod IP on 15008', () => {
    const tree = pair('istio-1.14', 'istio-1.18');
    const list = tree.children.find((n) => n.type === 'list')!;
    expect(list.type === 'list' && list.children.map((i) => mdText(i))).toEqual([
      'removed (nat ISTIO_OUTPUT old #2): -A ISTIO_OUTPUT ! -d 127.0.0.1/32 -o lo -m owner --uid-owner 1337 -j ISTIO_IN_REDIRECT',
      'added (nat ISTIO_OUTPUT new #2): -A ISTIO_OUTPUT ! -d 127.0.0.1/32 -o lo -p tcp -m tcp ! --dport 15008 -m owner --uid-owner 1337 -j ISTIO_IN_REDIRECT',
      'removed (nat ISTIO_OUTPUT old #5): -A ISTIO_OUTPUT ! -d 127.0.0.1/32 -o lo -m owner --gid-owner 1337 -j ISTIO_IN_REDIRECT',
      'added (nat ISTIO_OUTPUT new #5): -A ISTIO_OUTPUT ! -d 127.0.0.1/32 -o lo -p tcp -m tcp ! --dport 15008 -m owner --gid-owner 1337 -j ISTIO_IN_REDIRECT',
    ]);
    const tables = tree.children.filter((n): n is Table => n.type === 'table');
    expect(tables).toHaveLength(1);
    const rows = cells(tables[0]!);
    expect(rows.slice(1).map((r) => [r[0], r[1], r[2], r[4]])).toEqual([
      [
        // Envoy's own connection and a process's with Envoy's uid (rules 2 and 5 match its uid or gid).
        "Envoy's connections (and process's)",
        'via 15006 -> 15008, delivered to envoy tunnel (HBONE)',
        'via 15008, delivered to envoy tunnel (HBONE)',
        'envoy (uid/gid 1337/1337) in the pod -> 10.250.0.2:15008/tcp',
      ],
    ]);
    expect(Number(rows[1]![3])).toBeGreaterThan(0);
  });
});
