// Every target: what it parses to (MARK/CONNMARK normalised to xmark form) and its errors by {code, line, column}.
import { describe, expect, test } from 'vitest';
import { parseAddr } from '../../model/net/index.ts';
import { col, compiled, type OneRule, parseRule, where } from './helpers.ts';

const targetOf = (args: string, opts: OneRule = {}) => compiled(args, opts).target;
const errorsOf = (args: string, opts: OneRule = {}) => where(parseRule(args, opts).issues);
const at = (code: string, args: string, needle: string, opts: OneRule = {}, nth = 0) => ({
  code,
  line: 2 + (opts.pre?.length ?? 0),
  column: col(args, needle, opts, nth),
});

const NAT_OUT: OneRule = { table: 'nat', chain: 'OUTPUT' };
const NAT_POST: OneRule = { table: 'nat', chain: 'POSTROUTING' };
const MANGLE_PRE: OneRule = { table: 'mangle', chain: 'PREROUTING' };
const RAW_OUT: OneRule = { table: 'raw', chain: 'OUTPUT' };

describe('verdicts and jumps', () => {
  test('ACCEPT, DROP, RETURN, no target', () => {
    expect(targetOf('-j ACCEPT')).toEqual({ kind: 'accept' });
    expect(targetOf('--jump DROP')).toEqual({ kind: 'drop' });
    expect(targetOf('-j RETURN')).toEqual({ kind: 'return' });
    expect(targetOf('-s 1.2.3.4')).toEqual({ kind: 'none' });
  });

  test('REJECT: default, aliases stored under the long name, per family', () => {
    expect(targetOf('-j REJECT')).toEqual({ kind: 'reject' });
    expect(targetOf('-j REJECT --reject-with port-unreach')).toEqual({ kind: 'reject', with: 'icmp-port-unreachable' });
    expect(targetOf('-p tcp -j REJECT --reject-with tcp-rst')).toEqual({ kind: 'reject', with: 'tcp-reset' });
    expect(targetOf('-j REJECT --reject-with adm-prohibited', { family: 'ipv6' })).toEqual({
      kind: 'reject',
      with: 'icmp6-adm-prohibited',
    });
  });

  test('REJECT errors', () => {
    const a = '-j REJECT --reject-with icmp6-no-route';
    expect(errorsOf(a)).toEqual([at('bad-value', a, 'icmp6-no-route')]);
    const b = '-j REJECT --reject-with tcp-reset';
    expect(errorsOf(b)).toEqual([at('illegal-option', b, 'tcp-reset')]);
  });

  test('jump and goto to user chains; undefined chains', () => {
    const pre = ['-N ISTIO_OUTPUT'];
    expect(targetOf('-j ISTIO_OUTPUT', { pre })).toEqual({ kind: 'jump', chain: 'ISTIO_OUTPUT' });
    expect(targetOf('-g ISTIO_OUTPUT', { pre })).toEqual({ kind: 'goto', chain: 'ISTIO_OUTPUT' });
    const a = '-j ISTIO_NOPE';
    expect(errorsOf(a)).toEqual([at('undefined-chain', a, 'ISTIO_NOPE')]);
    const b = '-g ISTIO_NOPE';
    expect(errorsOf(b)).toEqual([at('undefined-chain', b, 'ISTIO_NOPE')]);
    const c = '-j INPUT';
    expect(errorsOf(c)).toEqual([at('illegal-target', c, 'INPUT')]);
    const d = '-j ACCEPT -j DROP';
    expect(errorsOf(d)).toEqual([at('illegal-option', d, '-j', {}, 1)]);
  });

  test('targets the model does not know are kept verbatim, with a warning at the name', () => {
    const a = '-j NFQUEUE --queue-num 1 --queue-bypass';
    expect(where(parseRule(a).issues)).toEqual([at('unsupported-target', a, 'NFQUEUE')]);
    expect(targetOf(a)).toEqual({ kind: 'unsupported', name: 'NFQUEUE', text: '--queue-num 1 --queue-bypass' });
    expect(targetOf('-j NOTRACK', RAW_OUT)).toEqual({ kind: 'unsupported', name: 'NOTRACK', text: '' });
    expect(targetOf('-j WHATEVER --opt "a b"')).toEqual({ kind: 'unsupported', name: 'WHATEVER', text: '--opt "a b"' });
  });
});

describe('NAT targets', () => {
  test('REDIRECT: ports, the --to-port abbreviation, ranges, --random', () => {
    expect(targetOf('-p tcp -j REDIRECT --to-ports 15001', NAT_OUT)).toEqual({
      kind: 'redirect',
      toPorts: { from: 15001, to: 15001 },
    });
    expect(targetOf('-p udp -j REDIRECT --to-port 15053', NAT_OUT)).toEqual({
      kind: 'redirect',
      toPorts: { from: 15053, to: 15053 },
    });
    expect(targetOf('-p tcp -j REDIRECT --to-ports 1000-2000 --random', NAT_OUT)).toEqual({
      kind: 'redirect',
      toPorts: { from: 1000, to: 2000 },
      random: true,
    });
    expect(targetOf('-j REDIRECT', NAT_OUT)).toEqual({ kind: 'redirect' });
  });

  test('REDIRECT errors', () => {
    const a = '-j REDIRECT --to-ports 15001';
    expect(errorsOf(a, NAT_OUT)).toEqual([at('illegal-option', a, '--to-ports', NAT_OUT)]);
    const b = '-p tcp -j REDIRECT --to-ports 2000-1000';
    expect(errorsOf(b, NAT_OUT)).toEqual([at('bad-value', b, '2000-1000', NAT_OUT)]);
    const c = '-p tcp -j REDIRECT --to-ports 1 --bogus';
    expect(errorsOf(c, NAT_OUT)).toEqual([at('unknown-option', c, '--bogus', NAT_OUT)]);
    const d = '-p tcp -j REDIRECT --to';
    expect(errorsOf(d, NAT_OUT)).toEqual([at('missing-argument', d, '--to', NAT_OUT)]);
  });

  test('DNAT: address, port, both, ranges, IPv6 in brackets', () => {
    expect(targetOf('-p tcp -j DNAT --to-destination 10.0.0.1:8080-8090', NAT_OUT)).toEqual({
      kind: 'dnat',
      toAddr: parseAddr('10.0.0.1'),
      toPorts: { from: 8080, to: 8090 },
    });
    expect(targetOf('-j DNAT --to-destination 10.0.0.1', NAT_OUT)).toEqual({
      kind: 'dnat',
      toAddr: parseAddr('10.0.0.1'),
    });
    expect(targetOf('-p tcp -j DNAT --to-destination :80', NAT_OUT)).toEqual({
      kind: 'dnat',
      toPorts: { from: 80, to: 80 },
    });
    const v6 = { ...NAT_OUT, family: 'ipv6' } as const;
    expect(targetOf('-p tcp -j DNAT --to-destination [2001:db8::1]:80', v6)).toEqual({
      kind: 'dnat',
      toAddr: parseAddr('2001:db8::1'),
      toPorts: { from: 80, to: 80 },
    });
    expect(targetOf('-j DNAT --to-destination 2001:db8::1', v6)).toEqual({
      kind: 'dnat',
      toAddr: parseAddr('2001:db8::1'),
    });
  });

  test('DNAT: unmodelled forms are verbatim, errors positioned', () => {
    const a = '-j DNAT --to-destination 10.0.0.1-10.0.0.9';
    expect(where(parseRule(a, NAT_OUT).issues)).toEqual([at('unsupported-target', a, 'DNAT', NAT_OUT)]);
    expect(targetOf('-j DNAT --to-destination 10.0.0.1 --random', NAT_OUT)).toEqual({
      kind: 'unsupported',
      name: 'DNAT',
      text: '--to-destination 10.0.0.1 --random',
    });
    const b = '-j DNAT';
    expect(errorsOf(b, NAT_OUT)).toEqual([at('missing-argument', b, '-j DNAT', NAT_OUT)]);
    const c = '-p tcp -j DNAT --to-destination [::1]:80';
    const v4: OneRule = { ...NAT_OUT, family: 'ipv4' };
    expect(errorsOf(c, v4)).toEqual([at('mixed-families', c, '[::1]:80', v4)]);
    const d = '-j DNAT --to-destination 10.0.0.1:80';
    expect(errorsOf(d, NAT_OUT)).toEqual([at('illegal-option', d, '--to-destination', NAT_OUT)]);
  });

  test('SNAT and MASQUERADE', () => {
    expect(targetOf('-j SNAT --to-source 192.168.0.1', NAT_POST)).toEqual({
      kind: 'snat',
      toAddr: parseAddr('192.168.0.1'),
    });
    expect(targetOf('-p udp -j MASQUERADE --to-ports 3000-4000', NAT_POST)).toEqual({
      kind: 'masquerade',
      toPorts: { from: 3000, to: 4000 },
    });
    expect(targetOf('-j MASQUERADE', NAT_POST)).toEqual({ kind: 'masquerade' });
  });
});

describe('TPROXY', () => {
  test('port, address, mark', () => {
    expect(targetOf('-p tcp -j TPROXY --tproxy-mark 1337/0xffffffff --on-port 15006', MANGLE_PRE)).toEqual({
      kind: 'tproxy',
      onPort: 15006,
      mark: { value: 1337, mask: 0xffffffff },
    });
    expect(targetOf('-p udp -j TPROXY --on-port 1 --on-ip 127.0.0.1 --tproxy-mark 0x1', MANGLE_PRE)).toEqual({
      kind: 'tproxy',
      onPort: 1,
      onIp: parseAddr('127.0.0.1'),
      mark: { value: 1, mask: 0xffffffff },
    });
  });

  test('errors', () => {
    const a = '-p tcp -j TPROXY --tproxy-mark 1';
    expect(errorsOf(a, MANGLE_PRE)).toEqual([at('missing-argument', a, '-j TPROXY', MANGLE_PRE)]);
    const b = '-j TPROXY --on-port 1';
    expect(errorsOf(b, MANGLE_PRE)).toEqual([at('illegal-option', b, '-j TPROXY', MANGLE_PRE)]);
  });
});

describe('MARK: every form normalised to (value, mask) with new = (old & ~mask) ^ value', () => {
  test.each([
    ['--set-mark 1338', 1338, 0xffffffff],
    ['--set-mark 0x10/0x0f', 0x10, 0x1f],
    ['--set-xmark 0x1/0x3', 0x1, 0x3],
    ['--set-xmark 5', 5, 0xffffffff],
    ['--and-mark 0xff', 0, 0xffffff00],
    ['--or-mark 0x10', 0x10, 0x10],
    ['--xor-mark 0x10', 0x10, 0],
  ])('%s', (option, value, mask) => {
    expect(targetOf(`-j MARK ${option}`)).toEqual({ kind: 'mark', value, mask });
  });

  test('none, two, bad', () => {
    const a = '-j MARK';
    expect(errorsOf(a)).toEqual([at('missing-argument', a, '-j MARK')]);
    const b = '-j MARK --set-mark 1 --or-mark 2';
    expect(errorsOf(b)).toEqual([at('illegal-option', b, '--or-mark')]);
    const c = '-j MARK --and-mark 1/2';
    expect(errorsOf(c)).toEqual([at('bad-value', c, '1/2')]);
  });
});

describe('CONNMARK', () => {
  test('save and restore with default and given masks', () => {
    expect(targetOf('-j CONNMARK --save-mark')).toEqual({
      kind: 'connmark-save',
      nfmask: 0xffffffff,
      ctmask: 0xffffffff,
    });
    expect(targetOf('-j CONNMARK --restore-mark --mask 0xff')).toEqual({
      kind: 'connmark-restore',
      nfmask: 0xff,
      ctmask: 0xff,
    });
    expect(targetOf('-j CONNMARK --save-mark --nfmask 0x1 --ctmask 0x2')).toEqual({
      kind: 'connmark-save',
      nfmask: 1,
      ctmask: 2,
    });
  });

  test('set forms use the MARK normalisation', () => {
    expect(targetOf('-j CONNMARK --set-mark 5')).toEqual({ kind: 'connmark-set', value: 5, mask: 0xffffffff });
    expect(targetOf('-j CONNMARK --and-mark 0xffff0000')).toEqual({ kind: 'connmark-set', value: 0, mask: 0xffff });
  });

  test('masks only with save/restore', () => {
    const a = '-j CONNMARK --set-mark 5 --nfmask 1';
    expect(errorsOf(a)).toEqual([at('illegal-option', a, '--nfmask')]);
  });
});

describe('CT, LOG, NFLOG, TRACE: options kept verbatim', () => {
  test('CT', () => {
    expect(targetOf('-j CT --zone 1', RAW_OUT)).toEqual({ kind: 'ct', options: '--zone 1', zone: 1 });
    expect(targetOf('-j CT --notrack', RAW_OUT)).toEqual({ kind: 'ct', options: '--notrack', notrack: true });
    expect(targetOf('-j CT --helper ftp --zone 0x10', RAW_OUT)).toEqual({
      kind: 'ct',
      options: '--helper ftp --zone 0x10',
      zone: 16,
    });
    const a = '-j CT --zone 70000';
    expect(errorsOf(a, RAW_OUT)).toEqual([at('bad-value', a, '70000', RAW_OUT)]);
  });

  test('LOG, NFLOG, TRACE', () => {
    expect(targetOf('-j LOG --log-prefix "istio: " --log-level 4')).toEqual({
      kind: 'log',
      module: 'LOG',
      options: '--log-prefix "istio: " --log-level 4',
    });
    expect(targetOf('-j NFLOG --nflog-group 2')).toEqual({ kind: 'log', module: 'NFLOG', options: '--nflog-group 2' });
    expect(targetOf('-j TRACE', RAW_OUT)).toEqual({ kind: 'log', module: 'TRACE', options: '' });
    const a = '-j LOG --log-bogus';
    expect(errorsOf(a)).toEqual([at('unknown-option', a, '--log-bogus')]);
  });
});
