// How iptables-save writes each target, keyed by kind (each target's `save` function in iptables/extensions).
// One deliberate difference: TPROXY prints --on-ip and --tproxy-mark only when the rule has them, because the rule
// alone does not say which family's wildcard address iptables-save would print for an absent --on-ip.
import type { Addr } from '../net/index.ts';
import { formatInet } from './inet.ts';
import type { Range, Target } from './types.ts';
import { formatRange, hex } from './values.ts';

type Printers = { readonly [K in Target['kind']]: (target: Extract<Target, { kind: K }>) => string };

const words = (...parts: (string | false | undefined)[]) =>
  parts.filter((p) => p !== false && p !== undefined).join(' ');

/** `1.2.3.4:80-90`, `:80`, `[2001:db8::1]:80`, or a bare address (libxt_DNAT/SNAT print_range). */
function natSpec(addr: Addr | undefined, ports: Range | undefined): string {
  const a = addr ? formatInet(addr) : '';
  if (!ports) return a;
  return `${addr?.family === 'ipv6' ? `[${a}]` : a}:${formatRange(ports, '-')}`;
}

const toPorts = (ports: Range | undefined) => ports && `--to-ports ${formatRange(ports, '-')}`;

const PRINTERS: Printers = {
  none: () => '',
  accept: () => '-j ACCEPT',
  drop: () => '-j DROP',
  return: () => '-j RETURN',
  reject: (t) => words('-j REJECT', t.with !== undefined && `--reject-with ${t.with}`),
  jump: (t) => `-j ${t.chain}`,
  goto: (t) => `-g ${t.chain}`,
  redirect: (t) => words('-j REDIRECT', toPorts(t.toPorts), t.random === true && '--random'),
  dnat: (t) => `-j DNAT --to-destination ${natSpec(t.toAddr, t.toPorts)}`,
  snat: (t) => `-j SNAT --to-source ${natSpec(t.toAddr, t.toPorts)}`,
  masquerade: (t) => words('-j MASQUERADE', toPorts(t.toPorts)),
  tproxy: (t) =>
    words(
      `-j TPROXY --on-port ${t.onPort}`,
      t.onIp && `--on-ip ${formatInet(t.onIp)}`,
      t.mark && `--tproxy-mark ${hex(t.mark.value)}/${hex(t.mark.mask)}`,
    ),
  mark: (t) => `-j MARK --set-xmark ${hex(t.value)}/${hex(t.mask)}`,
  'connmark-set': (t) => `-j CONNMARK --set-xmark ${hex(t.value)}/${hex(t.mask)}`,
  'connmark-save': (t) => `-j CONNMARK --save-mark --nfmask ${hex(t.nfmask)} --ctmask ${hex(t.ctmask)}`,
  'connmark-restore': (t) => `-j CONNMARK --restore-mark --nfmask ${hex(t.nfmask)} --ctmask ${hex(t.ctmask)}`,
  ct: (t) => words('-j CT', t.options !== '' && t.options),
  log: (t) => words(`-j ${t.module}`, t.options !== '' && t.options),
  unsupported: (t) => words(`-j ${t.name}`, t.text !== '' && t.text),
};

export function printTarget(target: Target): string {
  return (PRINTERS[target.kind] as (t: Target) => string)(target);
}
