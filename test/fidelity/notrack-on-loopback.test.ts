// CT --notrack on a packet that comes back in through lo (found by the kernel fuzzer, issue 17). The SYN got its
// conntrack entry at OUTPUT and keeps it across loopback_xmit, so raw PREROUTING's notrack does nothing
// (net/netfilter/xt_CT.c, notrack_tg: "Previously seen (loopback)? Ignore."): later rules still see ctstate NEW.
// A packet with no entry yet (conntrack off, or notrack in raw OUTPUT already) is another matter.
import { describe, expect, it } from 'vitest';
import { localOutput, remoteInput } from '../../model/kernel/index.ts';
import { fromApp, fromRemote, hits, hostFor } from './helpers.ts';

const rules = [
  '*raw',
  ':PREROUTING ACCEPT [0:0]',
  ':OUTPUT ACCEPT [0:0]',
  '-A PREROUTING -p tcp -j CT --notrack',
  'COMMIT',
  '*mangle',
  ':PREROUTING ACCEPT [0:0]',
  ':INPUT ACCEPT [0:0]',
  ':FORWARD ACCEPT [0:0]',
  ':OUTPUT ACCEPT [0:0]',
  ':POSTROUTING ACCEPT [0:0]',
  '-A PREROUTING -p tcp -m conntrack --ctstate NEW -j DROP',
  'COMMIT',
  '',
].join('\n');

const OUT = ['raw:OUTPUT:policy', 'mangle:OUTPUT:policy', 'mangle:POSTROUTING:policy'];

describe('CT --notrack in raw PREROUTING', () => {
  it('IPv4: a looped-back SYN keeps its entry from OUTPUT and is still NEW', () => {
    const r = localOutput(hostFor(rules), fromApp('10.250.0.2', 80));
    expect(hits(r)).toEqual([...OUT, 'raw:PREROUTING#1', 'raw:PREROUTING:policy', 'mangle:PREROUTING#1']);
    expect(r.verdict).toBe('dropped');
  });
  it('IPv6: the same', () => {
    const r = localOutput(hostFor(rules, 'ipv6'), fromApp('fd00:250::2', 80));
    expect(hits(r)).toEqual([...OUT, 'raw:PREROUTING#1', 'raw:PREROUTING:policy', 'mangle:PREROUTING#1']);
    expect(r.verdict).toBe('dropped');
  });
  it('a SYN arriving on eth0 has no entry yet: it becomes untracked and is not NEW', () => {
    const r = remoteInput(hostFor(rules), fromRemote('10.250.0.2', 80));
    expect(hits(r)).toEqual([
      'raw:PREROUTING#1',
      'raw:PREROUTING:policy',
      'mangle:PREROUTING:policy',
      'mangle:INPUT:policy',
    ]);
    expect(r.verdict).toBe('local');
  });
});
