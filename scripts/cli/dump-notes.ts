// What a dump says about itself beyond its rules: iptables-nft-save's note that iptables-legacy tables exist too,
// and two IPv4 dumps pasted one after the other (legacy and nft), which the parser would otherwise read as an IPv4
// dump followed by an IPv6 one and report as "IPv4 address in an IPv6 ruleset".
import type { Issue } from '../../model/rules/index.ts';
import { CliError } from './exit.ts';

/** iptables-nft-save prints this first when the legacy backend has tables (iptables/nft-shared.c, nft_check_xt_legacy). */
const LEGACY_PRESENT = /^# Warning: iptables-legacy tables present/m;

export function legacyNote(text: string, label: string): string | undefined {
  if (!LEGACY_PRESENT.test(text)) return undefined;
  return `note: ${label} says "iptables-legacy tables present": the kernel also runs rules this dump does not show; dump them with iptables-legacy-save and check them too`;
}

/** Where a table header (`*nat`) appears for the second time, if it does. */
function repeatedTable(text: string): { name: string; first: number; second: number } | undefined {
  const seen = new Map<string, number>();
  let line = 0;
  for (let i = 0; i < text.length; i = text.indexOf('\n', i) + 1 || text.length) {
    line++;
    if (text.charCodeAt(i) !== 42) continue; // '*'
    const end = text.indexOf('\n', i);
    const name = text.slice(i + 1, end === -1 ? undefined : end).trim();
    const first = seen.get(name);
    if (first !== undefined) return { name, first, second: line };
    seen.set(name, line);
  }
  return undefined;
}

/**
 * Refuses, with what happened, a parse that failed only because a second IPv4 dump was read as the IPv6 part.
 * An IPv6 section that holds IPv4 addresses and no IPv6 one is not a dual-stack dump.
 */
export function refuseConcatenatedIpv4(issues: readonly Issue[], text: string, label: string): void {
  const errors = issues.filter((i) => i.severity === 'error');
  if (
    errors.length === 0 ||
    !errors.every((i) => i.code === 'mixed-families' && i.message.includes('IPv4 address in an IPv6'))
  )
    return;
  const repeat = repeatedTable(text);
  if (!repeat) return;
  throw new CliError(
    `${label}: two IPv4 dumps one after the other (table ${repeat.name} starts on line ${repeat.first} and again on line ${repeat.second}), like iptables-legacy-save and iptables-nft-save output pasted together; the kernel runs both: save each to its own file and check each`,
  );
}
