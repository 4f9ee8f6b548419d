// A base chain's declaration: `type nat hook output [device "eth0"] priority -100 ; [policy accept ;]`.
import { readPriority } from './priority.ts';
import type { Report } from './report.ts';
import type { ScriptCursor } from './script-reader.ts';
import {
  NFT_CHAIN_TYPES,
  NFT_HOOKS,
  type NftBaseChain,
  type NftChainType,
  type NftFamily,
  type NftHook,
} from './types.ts';

function oneOf<T extends string>(word: string | undefined, options: readonly T[]): T | undefined {
  return options.find((o) => o === word);
}

/**
 * Reads `type … ;` and/or `policy … ;` at the cursor, updating `base`. Returns null after reporting an error, and
 * `base` unchanged when there is no spec here.
 */
export function readChainSpec(
  c: ScriptCursor,
  family: NftFamily,
  base: NftBaseChain | undefined,
  report: Report,
): NftBaseChain | undefined | null {
  let next = base;
  while (c.word() === 'type' || c.word() === 'policy') {
    const keyword = c.next()!;
    if (keyword.text === 'policy') {
      const policy = oneOf(c.word(), ['accept', 'drop'] as const);
      if (!policy) {
        report('bad-value', c.peek() ?? keyword, 'policy must be accept or drop');
        return null;
      }
      c.i++;
      if (!next) {
        report('syntax-error', keyword, 'a policy needs a base chain: write "type … hook … priority …;" first');
        return null;
      }
      next = { ...next, policy };
    } else {
      const type = oneOf(c.word(), NFT_CHAIN_TYPES);
      if (!type) {
        report('bad-value', c.peek() ?? keyword, `chain type must be one of ${NFT_CHAIN_TYPES.join(', ')}`);
        return null;
      }
      c.i++;
      const spec = readHookAndPriority(c, family, type, report);
      if (!spec) return null;
      next = { ...spec, ...(next?.policy ? { policy: next.policy } : {}) };
    }
    if (c.isPunct(';')) c.i++;
  }
  return next;
}

function readHookAndPriority(
  c: ScriptCursor,
  family: NftFamily,
  type: NftChainType,
  report: Report,
): NftBaseChain | undefined {
  if (c.word() !== 'hook') {
    report('missing-argument', c.peek() ?? c.last(), 'a base chain needs "hook NAME" after its type');
    return undefined;
  }
  c.i++;
  const hookToken = c.peek();
  const hook: NftHook | undefined = oneOf(c.word(), NFT_HOOKS);
  if (!hook) {
    report('bad-value', hookToken ?? c.last(), `hook must be one of ${NFT_HOOKS.join(', ')}`);
    return undefined;
  }
  c.i++;
  const devices: string[] = [];
  if (c.word() === 'device') {
    c.i++;
    const d = c.name(report, 'a device name');
    if (!d) return undefined;
    devices.push(d.text);
  }
  if (c.word() !== 'priority') {
    report(
      'missing-argument',
      c.peek() ?? c.last(),
      'a base chain needs "priority N" (a number or a name such as mangle)',
    );
    return undefined;
  }
  const priorityToken = c.next()!;
  const words: string[] = [];
  while (c.peek()?.kind === 'word') words.push(c.next()!.text);
  const priority = readPriority(words, family, hook);
  if (typeof priority === 'string') {
    report('bad-value', c.peek(-words.length) ?? priorityToken, priority);
    return undefined;
  }
  return { type, hook, priority, ...(devices.length > 0 ? { devices } : {}) };
}
