// `conntrack -L -o extended` lines as the kernel printed them in the DNS oracle's pod namespace (conntrack 1.4).
import { describe, expect, it } from 'vitest';
import { entryText } from '../../oracle/dns/compare.ts';
import { parseZonedConntrack } from '../../oracle/dns/conntrack-zones.ts';

const LINES = [
  'ipv4     2 udp      17 29 src=10.250.0.2 dst=10.251.0.53 sport=41001 dport=53 src=127.0.0.1 dst=10.250.0.2 sport=15053 dport=41001 mark=0 zone=2 use=1',
  'ipv4     2 udp      17 29 src=10.250.0.3 dst=10.250.0.2 sport=53 dport=53473 [UNREPLIED] src=10.250.0.2 dst=10.250.0.3 sport=53473 dport=53 mark=0 use=1',
  'ipv4     2 tcp      6 119 TIME_WAIT src=10.250.0.2 dst=10.251.0.53 sport=41002 dport=53 src=127.0.0.1 dst=10.250.0.2 sport=15053 dport=41002 [ASSURED] mark=0 use=1',
  'ipv6     10 udp      17 29 src=fd00:250::2 dst=fd00:251::53 sport=41003 dport=53 src=::1 dst=fd00:250::2 sport=15053 dport=41003 mark=0 zone=2 use=1',
].join('\n');

describe('parseZonedConntrack', () => {
  const entries = parseZonedConntrack(`${LINES}\n`);

  it('reads the family, the zone (0 when not printed), both tuples, replied or not, assured', () => {
    expect(entries.slice(0, 3)).toEqual([
      {
        family: 'ipv4',
        protocol: 'udp',
        zone: 2,
        original: '10.250.0.2:41001 -> 10.251.0.53:53',
        reply: '127.0.0.1:15053 -> 10.250.0.2:41001',
        status: 'REPLIED',
        assured: false,
      },
      {
        family: 'ipv4',
        protocol: 'udp',
        zone: 0,
        original: '10.250.0.3:53 -> 10.250.0.2:53473',
        reply: '10.250.0.2:53473 -> 10.250.0.3:53',
        status: 'UNREPLIED',
        assured: false,
      },
      {
        family: 'ipv4',
        protocol: 'tcp',
        zone: 0,
        original: '10.250.0.2:41002 -> 10.251.0.53:53',
        reply: '127.0.0.1:15053 -> 10.250.0.2:41002',
        status: 'REPLIED',
        assured: true,
      },
    ]);
  });

  it('writes IPv6 addresses in brackets, as the model writes its tuples', () => {
    expect(entries[3]).toEqual({
      family: 'ipv6',
      protocol: 'udp',
      zone: 2,
      original: '[fd00:250::2]:41003 -> [fd00:251::53]:53',
      reply: '[::1]:15053 -> [fd00:250::2]:41003',
      status: 'REPLIED',
      assured: false,
    });
    // conntrack prints an IPv4-compatible address dotted; the model's text is RFC 5952's.
    expect(parseZonedConntrack(LINES.split('\n')[3]!.replaceAll('fd00:251::53', '::127.0.0.53'))[0]?.original).toBe(
      '[fd00:250::2]:41003 -> [::7f00:35]:53',
    );
    expect(entryText(entries[3]!)).toBe(
      'udp zone 2 [fd00:250::2]:* -> [fd00:251::53]:53 / [::1]:15053 -> [fd00:250::2]:* REPLIED',
    );
  });

  it('writes ephemeral ports as * and keeps 53 and 15053', () => {
    expect(entryText(entries[0]!)).toBe(
      'udp zone 2 10.250.0.2:* -> 10.251.0.53:53 / 127.0.0.1:15053 -> 10.250.0.2:* REPLIED',
    );
  });
});
