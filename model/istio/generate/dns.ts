// DNS capture (--redirect-dns, ISTIO_META_DNS_CAPTURE): TCP and UDP port 53 to pilot-agent's 15053 for the
// resolv.conf servers (or for every server with --capture-all-dns), and conntrack zones that keep the agent's
// upstream queries apart from the applications' queries (1.11+). Three eras (features.ts DnsEra), from 1.9 on.
import { ownerText } from '../config/print.ts';
import type { Ctx } from './context.ts';

const AGENT_DNS_PORT = '15053';

/** 1.9 to 1.24: the TCP redirects, in ISTIO_OUTPUT after the owner rules. */
export function dnsTcpRedirects({ b, c }: Ctx): void {
  if (c.captureAllDns) {
    b.append('ISTIO_OUTPUT', 'nat', '-p', 'tcp', '--dport', '53', '-j', 'REDIRECT', '--to-ports', AGENT_DNS_PORT);
    return;
  }
  for (const s of c.dnsServersV4)
    b.appendV4(
      'ISTIO_OUTPUT',
      'nat',
      '-p',
      'tcp',
      '--dport',
      '53',
      '-d',
      `${s}/32`,
      '-j',
      'REDIRECT',
      '--to-ports',
      AGENT_DNS_PORT,
    );
  for (const s of c.dnsServersV6)
    b.appendV6(
      'ISTIO_OUTPUT',
      'nat',
      '-p',
      'tcp',
      '--dport',
      '53',
      '-d',
      `${s}/128`,
      '-j',
      'REDIRECT',
      '--to-ports',
      AGENT_DNS_PORT,
    );
}

/**
 * 1.9 to 1.24, after the captures (HandleDNSUDP): the UDP rules, in nat OUTPUT until 1.22 and in ISTIO_OUTPUT
 * (reached by `-p udp` jumps from nat and raw OUTPUT) in 1.23 and 1.24; then the conntrack zones in raw.
 */
export function dnsUdpRules(ctx: Ctx): void {
  const { b, c, f } = ctx;
  const chain = f.dns === 'istio-output' ? 'ISTIO_OUTPUT' : 'OUTPUT';
  if (f.dns === 'istio-output') {
    b.log('JumpOutbound').append('OUTPUT', 'nat', '-p', 'udp', '-j', 'ISTIO_OUTPUT');
    b.log('JumpOutbound').append('OUTPUT', 'raw', '-p', 'udp', '-j', 'ISTIO_OUTPUT');
  }
  const udp53 = ['-p', 'udp', '--dport', '53'];
  for (const uid of ctx.uids) b.append(chain, 'nat', ...udp53, '-m', 'owner', '--uid-owner', uid, '-j', 'RETURN');
  for (const gid of ctx.gids) b.append(chain, 'nat', ...udp53, '-m', 'owner', '--gid-owner', gid, '-j', 'RETURN');
  if (f.ownerGroups) {
    const include = c.ownerGroupsInclude;
    if (include.kind === 'all') {
      for (const g of c.ownerGroupsExclude)
        b.append(chain, 'nat', ...udp53, '-m', 'owner', '--gid-owner', ownerText(g), '-j', 'RETURN');
    } else {
      const noneOf = include.items.flatMap((g) => ['-m', 'owner', '!', '--gid-owner', ownerText(g)]);
      b.append(chain, 'nat', ...udp53, ...noneOf, '-j', 'RETURN');
    }
  }
  const redirect = ['-j', 'REDIRECT', '--to-port', AGENT_DNS_PORT];
  if (c.captureAllDns) b.append(chain, 'nat', ...udp53, ...redirect);
  else {
    for (const s of c.dnsServersV4) b.appendV4(chain, 'nat', ...udp53, '-d', `${s}/32`, ...redirect);
    for (const s of c.dnsServersV6) b.appendV6(chain, 'nat', ...udp53, '-d', `${s}/128`, ...redirect);
  }
  if (f.dnsConntrackZones) conntrackZones(ctx, chain, 'PREROUTING');
}

/** 1.25+ (SetupDNSRedir), after the owner rules: chains ISTIO_OUTPUT_DNS in nat and raw. */
export function dnsChain(ctx: Ctx): void {
  const { b, c } = ctx;
  b.append('OUTPUT', 'raw', '-j', 'ISTIO_OUTPUT_DNS');
  if (c.captureAllDns || c.dnsServersV4.length > 0) b.appendV4('ISTIO_OUTPUT', 'nat', '-j', 'ISTIO_OUTPUT_DNS');
  if (c.captureAllDns || c.dnsServersV6.length > 0) b.appendV6('ISTIO_OUTPUT', 'nat', '-j', 'ISTIO_OUTPUT_DNS');
  const tcp53 = ['-p', 'tcp', '--dport', '53'];
  if (c.captureAllDns) b.append('ISTIO_OUTPUT_DNS', 'nat', ...tcp53, '-j', 'REDIRECT', '--to-ports', AGENT_DNS_PORT);
  else {
    for (const s of c.dnsServersV4)
      b.appendV4('ISTIO_OUTPUT_DNS', 'nat', ...tcp53, '-d', `${s}/32`, '-j', 'REDIRECT', '--to-ports', AGENT_DNS_PORT);
    for (const s of c.dnsServersV6)
      b.appendV6('ISTIO_OUTPUT_DNS', 'nat', ...tcp53, '-d', `${s}/128`, '-j', 'REDIRECT', '--to-ports', AGENT_DNS_PORT);
  }
  const udp53 = ['-p', 'udp', '--dport', '53'];
  const redirect = ['-j', 'REDIRECT', '--to-port', AGENT_DNS_PORT];
  if (c.captureAllDns) b.append('ISTIO_OUTPUT_DNS', 'nat', ...udp53, ...redirect);
  else {
    for (const s of c.dnsServersV4) b.appendV4('ISTIO_OUTPUT_DNS', 'nat', ...udp53, '-d', `${s}/32`, ...redirect);
    for (const s of c.dnsServersV6) b.appendV6('ISTIO_OUTPUT_DNS', 'nat', ...udp53, '-d', `${s}/128`, ...redirect);
  }
  conntrackZones(ctx, 'ISTIO_OUTPUT_DNS', 'ISTIO_INBOUND');
}

/**
 * Zone 1 for the proxy's queries to upstream servers and their replies, zone 2 for the applications' queries and the
 * agent's answers (addConntrackZoneDNSUDP / addDNSConntrackZones). Replies are matched in `inbound` (raw PREROUTING
 * before 1.25, raw ISTIO_INBOUND behind a PREROUTING jump after), on `-d server` before 1.20 and `-s server` after.
 */
function conntrackZones(ctx: Ctx, out: string, inbound: string): void {
  const { b, c, f } = ctx;
  for (const [option, ids] of [['--uid-owner', ctx.uids] as const, ['--gid-owner', ctx.gids] as const]) {
    for (const id of ids) {
      b.append(out, 'raw', '-p', 'udp', '--dport', '53', '-m', 'owner', option, id, '-j', 'CT', '--zone', '1');
      b.append(
        out,
        'raw',
        '-p',
        'udp',
        '--sport',
        AGENT_DNS_PORT,
        '-m',
        'owner',
        option,
        id,
        '-j',
        'CT',
        '--zone',
        '2',
      );
    }
  }
  const jump = inbound !== 'PREROUTING';
  if (c.captureAllDns) {
    if (jump) b.append('PREROUTING', 'raw', '-j', inbound);
    b.append(out, 'raw', '-p', 'udp', '--dport', '53', '-j', 'CT', '--zone', '2');
    b.append(inbound, 'raw', '-p', 'udp', '--sport', '53', '-j', 'CT', '--zone', '1');
    return;
  }
  const reply = f.dnsReplyMatchesSource ? '-s' : '-d';
  for (const [servers, mask, v4] of [
    [c.dnsServersV4, '/32', true] as const,
    [c.dnsServersV6, '/128', false] as const,
  ]) {
    const add = (chain: string, ...p: string[]) =>
      v4 ? b.appendV4(chain, 'raw', ...p) : b.appendV6(chain, 'raw', ...p);
    if (jump && servers.length > 0) add('PREROUTING', '-j', inbound);
    for (const s of servers) {
      add(out, '-p', 'udp', '--dport', '53', '-d', `${s}${mask}`, '-j', 'CT', '--zone', '2');
      add(inbound, '-p', 'udp', '--sport', '53', reply, `${s}${mask}`, '-j', 'CT', '--zone', '1');
    }
  }
}
