// DNS capture asked with nothing to capture: --redirect-dns without a DNS server and without --capture-all-dns makes
// istio-iptables write no DNS rules and only log "REDIRECT_DNS is set, but CAPTURE_ALL_DNS is false, and no DNS servers
// provided. DNS capture disabled." (tools/istio-iptables/pkg/capture/run.go at istio/istio 86c9f01). The shared golden
// ipv6-dns-outbound-owner-groups is such a configuration (REDIRECT_DNS true, no server): check says so in a note.
import { describe, expect, it } from 'vitest';
import { configuredWorldOptions, NO_NAMES } from '../../model/configured/index.ts';
import { NEWEST_VERSION } from '../../model/istio/index.ts';
import { runCli } from '../cli/helpers.ts';
import { goldenConfig } from '../istio/helpers.ts';

const NOTE = /^DNS capture is asked \(--redirect-dns\) but no DNS server is configured and --capture-all-dns is off/;
const notesOf = (config: ReturnType<typeof goldenConfig>) =>
  configuredWorldOptions(config, NEWEST_VERSION, NO_NAMES).notes;

describe('DNS capture asked, none configured', () => {
  it('is a note for the ipv6-dns golden, and not once a server or --capture-all-dns is given', () => {
    const config = goldenConfig('ipv6-dns-outbound-owner-groups');
    expect(notesOf(config).filter((n) => NOTE.test(n))).toHaveLength(1);
    expect(notesOf({ ...config, dnsServersV6: ['fd00::10'] }).filter((n) => NOTE.test(n))).toEqual([]);
    expect(notesOf({ ...config, captureAllDns: true }).filter((n) => NOTE.test(n))).toEqual([]);
    // Without --redirect-dns nothing was asked.
    expect(notesOf({ ...config, redirectDns: false }).filter((n) => NOTE.test(n))).toEqual([]);
    // The DNS goldens configure a server: no note.
    expect(notesOf(goldenConfig('dns-uid-gid')).filter((n) => NOTE.test(n))).toEqual([]);
  });

  it('check --config prints it, and lists it in the JSON notes', async () => {
    const path = 'test/fixtures/istio/configs/ipv6-dns-outbound-owner-groups.json';
    const text = await runCli(['check', '--config', path]);
    expect(text.stdout.split('\n').filter((l) => l.startsWith('note:    DNS capture is asked'))).toHaveLength(1);
    const json = JSON.parse((await runCli(['check', '--config', path, '--json'])).stdout);
    expect(json.istio.notes.filter((n: string) => NOTE.test(n))).toHaveLength(1);
  });
});
