// TPROXY mode's mangle rules after the captures (capture/run.go, the block at the end of Run; as at master from 1.11,
// with ISTIO_OUTBOUND_IPV4_LOOPBACK_CIDR from 1.21; a shorter set in 1.9 and 1.10): the mark Envoy's original-src listener sets is saved to the
// connection and restored on replies; Envoy's own loopback traffic to the pod is marked 1338 so ISTIO_INBOUND
// lets it through instead of diverting it again.
import { VERSIONED } from './builder.ts';
import type { Ctx } from './context.ts';

const OUTBOUND_MARK = '1338';

export function tproxyMarks(ctx: Ctx): void {
  const { b, c } = ctx;
  const mark = String(c.tproxyMark);
  b.append('PREROUTING', 'mangle', '-p', 'tcp', '-m', 'mark', '--mark', mark, '-j', 'CONNMARK', '--save-mark');
  if (ctx.f.tproxy === 'marks') {
    // 1.9 and 1.10: only the connection mark and the RETURN for packets already marked.
    b.append('OUTPUT', 'mangle', '-p', 'tcp', '-m', 'connmark', '--mark', mark, '-j', 'CONNMARK', '--restore-mark');
    b.insert('ISTIO_INBOUND', 'mangle', 1, '-p', 'tcp', '-m', 'mark', '--mark', mark, '-j', 'RETURN');
    return;
  }
  b.append('OUTPUT', 'mangle', '-p', 'tcp', '-o', 'lo', '-m', 'mark', '--mark', mark, '-j', 'RETURN');
  for (const [option, ids] of [['--uid-owner', ctx.uids] as const, ['--gid-owner', ctx.gids] as const]) {
    for (const id of ids) {
      b.appendVersioned(
        ctx.lo,
        '::1/128',
        'OUTPUT',
        'mangle',
        '!',
        '-d',
        VERSIONED,
        '-p',
        'tcp',
        '-o',
        'lo',
        '-m',
        'owner',
        option,
        id,
        '-j',
        'MARK',
        '--set-mark',
        OUTBOUND_MARK,
      );
    }
  }
  b.append('OUTPUT', 'mangle', '-p', 'tcp', '-m', 'connmark', '--mark', mark, '-j', 'CONNMARK', '--restore-mark');
  b.insert('ISTIO_INBOUND', 'mangle', 1, '-p', 'tcp', '-m', 'mark', '--mark', mark, '-j', 'RETURN');
  b.insertV4('ISTIO_INBOUND', 'mangle', 2, '-p', 'tcp', '-s', '127.0.0.6/32', '-i', 'lo', '-j', 'RETURN');
  b.insertV6('ISTIO_INBOUND', 'mangle', 2, '-p', 'tcp', '-s', '::6/128', '-i', 'lo', '-j', 'RETURN');
  b.insert(
    'ISTIO_INBOUND',
    'mangle',
    3,
    '-p',
    'tcp',
    '-i',
    'lo',
    '-m',
    'mark',
    '!',
    '--mark',
    OUTBOUND_MARK,
    '-j',
    'RETURN',
  );
}
