// Supplementary groups (issue 17): `--gid-owner G --suppl-groups` matches when G is the socket's fsgid or one of the
// opening process's supplementary groups (net/netfilter/xt_owner.c owner_mt: the loop over
// filp->f_cred->group_info). A process in the pod carries its groups, and `trace --groups` sets them.

import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseAddr } from '../../model/net/index.ts';
import { makeWorld, simulate } from '../../model/pod/index.ts';
import { parseDumpOrThrow } from '../../model/rules/index.ts';
import { hitLabel } from '../../model/trace/index.ts';
import { runCli } from '../cli/helpers.ts';
import { envoy } from './helpers.ts';

const RULES = [
  '*nat',
  ':PREROUTING ACCEPT [0:0]',
  ':INPUT ACCEPT [0:0]',
  ':OUTPUT ACCEPT [0:0]',
  ':POSTROUTING ACCEPT [0:0]',
  '-A OUTPUT -p tcp -m owner --gid-owner 6 --suppl-groups -j RETURN',
  '-A OUTPUT -p tcp -j REDIRECT --to-ports 15001',
  'COMMIT',
  '',
].join('\n');

const world = makeWorld({ rulesets: { ipv4: parseDumpOrThrow(RULES).rulesets[0]! }, envoy });

describe('supplementary groups', () => {
  it('a process whose supplementary groups include 6 matches --gid-owner 6 --suppl-groups', () => {
    const t = simulate(world, {
      from: { kind: 'pod', actor: 'process', uid: 1000, gid: 1000, groups: [5, 6] },
      protocol: 'tcp',
      dst: { addr: parseAddr('10.250.0.3'), port: 8080 },
    });
    expect(t.hops[0]!.hits.map(hitLabel)).toEqual(['OUTPUT#1', 'OUTPUT:policy', 'POSTROUTING:policy']);
    expect(t.disposition.kind).toBe('left-pod');
    expect(t.hops[0]!.actor.owner).toEqual({ uid: 1000, gid: 1000, groups: [5, 6] });
  });
  it('without them it does not', () => {
    const t = simulate(world, {
      from: { kind: 'pod', actor: 'process', uid: 1000, gid: 1000, groups: [5] },
      protocol: 'tcp',
      dst: { addr: parseAddr('10.250.0.3'), port: 8080 },
    });
    expect(t.hops[0]!.landed).toMatchObject({ kind: 'listener', role: 'outbound-capture' });
  });
  it('trace --groups 5,6 gives the process those groups; a bad list is a usage error', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'scx-f17-'));
    const file = join(dir, 'rules.txt');
    writeFileSync(file, RULES);
    const r = await runCli(['trace', file, '--uid', '1000', '--groups', '5,6', '--dst', '10.250.0.3:8080', '--json']);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout) as { connection: { from: unknown }; trace: { disposition: { kind: string } } };
    expect(doc.connection.from).toEqual({ kind: 'pod', actor: 'app', uid: 1000, gid: 1000, groups: [5, 6] });
    expect(doc.trace.disposition.kind).toBe('left-pod');
    const bad = await runCli(['trace', file, '--uid', '1000', '--groups', '5,x', '--dst', '10.250.0.3:8080']);
    expect(bad.code).toBe(2);
    const alone = await runCli(['trace', file, '--groups', '5', '--dst', '10.250.0.3:8080']);
    expect(alone.code).toBe(2);
  });
});
