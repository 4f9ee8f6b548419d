// Issue 12: "a process whose gid is a proxy gid is treated as the application". app-self-bypass's scope is the
// application's identities only: a pod process with a proxy uid OR a proxy gid is Envoy's side as the rules see it
// (istio-iptables exempts both, capture/run.go's -u and -g blocks), so it is out of scope whatever its other id.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { INVARIANTS } from '../../model/invariants/catalog.ts';
import { inferIntent } from '../../model/invariants/index.ts';
import { checkWorld } from '../../model/invariants/run.ts';
import { parseAddr } from '../../model/net/index.ts';
import { makeWorld } from '../../model/pod/index.ts';
import { profileRuleset } from '../../model/profiles/index.ts';
import { parseDump } from '../../model/rules/index.ts';
import { profileOrThrow, worldFor } from '../helpers/world.ts';

const appSelf = INVARIANTS.find((i) => i.id === 'app-self-bypass')!;
const world = worldFor('istio-1.25');
const ctx = { world, intent: inferIntent(profileRuleset(profileOrThrow('istio-1.25'))), family: 'ipv4' as const };
const toPodIp = (uid: number, gid: number) => ({
  from: { kind: 'pod' as const, actor: 'process' as const, uid, gid },
  protocol: 'tcp' as const,
  dst: { addr: parseAddr('10.250.0.2'), port: 8080 },
});

describe('app-self-bypass: proxy identities are never the application', () => {
  it.each([
    [1000, 1000, true],
    [1000, 1337, false],
    [0, 1337, false],
    [1337, 1000, false],
    [1337, 1337, false],
  ])('uid %i gid %i to the pod IP: in scope %s', (uid, gid, inScope) => {
    expect(appSelf.inScope(toPodIp(uid, gid), ctx)).toBe(inScope);
  });

  it("with the gid rules deleted, a gid-1337 process's capture is proxy-egress-direct's violation, not app-self-bypass's", () => {
    const text = readFileSync(join(import.meta.dirname, '..', 'cli', 'fixtures', 'capture-off-no-gid.rules'), 'utf8');
    const rs = parseDump(text).value!.rulesets[0]!;
    const report = checkWorld(makeWorld({ rulesets: { ipv4: rs }, envoy: profileOrThrow('istio-1.25').envoy }));
    const status = (id: string) => report.invariants.find((i) => i.id === id)?.status;
    expect(status('proxy-egress-direct')).toBe('violated');
    expect(status('app-self-bypass')).toBe('holds');
  });
});
