// The steps of capture/run.go that shape traffic coming in: excluded interfaces (-c), virtual interfaces' RETURNs
// (-k), and handleInboundPortsInclude (-b, -d, -m), for the builder era (1.5+).
import { VERSIONED } from './builder.ts';
import type { Ctx } from './context.ts';

/** shortCircuitExcludeInterfaces (1.12+): appended, so before the Istio jumps; also in mangle under TPROXY. */
export function excludeInterfaces({ b, c }: Ctx): void {
  for (const nic of c.excludeInterfaces) {
    b.log('ExcludeInterfaceCommand').append('PREROUTING', 'nat', '-i', nic, '-j', 'RETURN');
    b.log('ExcludeInterfaceCommand').append('OUTPUT', 'nat', '-o', nic, '-j', 'RETURN');
  }
  if (c.interceptionMode !== 'TPROXY') return;
  for (const nic of c.excludeInterfaces) {
    b.log('ExcludeInterfaceCommand').append('PREROUTING', 'mangle', '-i', nic, '-j', 'RETURN');
    b.log('ExcludeInterfaceCommand').append('OUTPUT', 'mangle', '-o', nic, '-j', 'RETURN');
  }
}

/** shortCircuitKubeInternalInterface: each -k interface returns first (inserted at 1, so the last one leads). */
export function kubeVirtReturns({ b, c }: Ctx): void {
  for (const nic of c.rerouteVirtualInterfaces)
    b.log('KubevirtCommand').insert('PREROUTING', 'nat', 1, '-i', nic, '-j', 'RETURN');
}

/** handleInboundPortsInclude: nothing when -b is empty; nat (REDIRECT) or mangle (TPROXY) otherwise. */
export function inboundPorts(ctx: Ctx): void {
  const { b, c, f } = ctx;
  const include = c.inboundPortsInclude;
  if (include.kind === 'list' && include.items.length === 0) return;
  const tproxy = c.interceptionMode === 'TPROXY';
  const table = tproxy ? 'mangle' : 'nat';
  const mark = String(c.tproxyMark);
  if (tproxy) {
    b.append('ISTIO_DIVERT', 'mangle', '-j', 'MARK', '--set-mark', mark);
    b.append('ISTIO_DIVERT', 'mangle', '-j', 'ACCEPT');
    b.appendVersioned(
      ctx.lo,
      '::1/128',
      'ISTIO_TPROXY',
      'mangle',
      '!',
      '-d',
      VERSIONED,
      '-p',
      'tcp',
      '-j',
      'TPROXY',
      '--tproxy-mark',
      `${mark}/0xffffffff`,
      '--on-port',
      String(c.inboundCapturePort),
    );
  }
  b.log('JumpInbound').append('PREROUTING', table, '-p', 'tcp', '-j', 'ISTIO_INBOUND');
  if (include.kind === 'all') {
    if (f.sshExclusion)
      b.log('ExcludeInboundPort').append('ISTIO_INBOUND', table, '-p', 'tcp', '--dport', '22', '-j', 'RETURN');
    for (const port of c.inboundPortsExclude) {
      b.log('ExcludeInboundPort').append('ISTIO_INBOUND', table, '-p', 'tcp', '--dport', String(port), '-j', 'RETURN');
    }
    if (tproxy) {
      b.append(
        'ISTIO_INBOUND',
        'mangle',
        '-p',
        'tcp',
        '-m',
        'conntrack',
        '--ctstate',
        'RELATED,ESTABLISHED',
        '-j',
        'ISTIO_DIVERT',
      );
      b.append('ISTIO_INBOUND', 'mangle', '-p', 'tcp', '-j', 'ISTIO_TPROXY');
    } else b.append('ISTIO_INBOUND', 'nat', '-p', 'tcp', '-j', 'ISTIO_IN_REDIRECT');
    return;
  }
  for (const p of include.items.map(String)) {
    if (tproxy) {
      b.log('IncludeInboundPort').append(
        'ISTIO_INBOUND',
        'mangle',
        '-p',
        'tcp',
        '--dport',
        p,
        '-m',
        'conntrack',
        '--ctstate',
        'RELATED,ESTABLISHED',
        '-j',
        'ISTIO_DIVERT',
      );
      b.log('IncludeInboundPort').append('ISTIO_INBOUND', 'mangle', '-p', 'tcp', '--dport', p, '-j', 'ISTIO_TPROXY');
    } else
      b.log('IncludeInboundPort').append('ISTIO_INBOUND', 'nat', '-p', 'tcp', '--dport', p, '-j', 'ISTIO_IN_REDIRECT');
  }
}
