// Compiles one base chain's traversal into a single JavaScript function: the base chain's rules in order,
// each user chain it reaches inlined where it is jumped to (the parser rejects jump cycles, so inlining ends), RETURN
// as a labelled break. It records exactly the hits, effects, outcomes and packet changes of the interpreter in
// traverse.ts, which stays the reference (a property test runs both on random rulesets and packets). The generated
// source embeds only indices into arrays built here; rule data never becomes code.
import type { Hook } from '../ruleset/index.ts';
import { type CompiledChain, type CompiledRule, isContinuing, unreachableTarget } from './compile.ts';
import type { Packet, RuleHit } from './packet.ts';
import type { NFT_BREAK } from './targets.ts';
import type { HostView, NatEffect, TableOutcome, WorkingPacket } from './traversal-types.ts';

export type TableProgram = (p: WorkingPacket, host: HostView, hits: RuleHit[], effects: NatEffect[]) => TableOutcome;

export interface CodegenHelpers {
  readonly accept: TableOutcome;
  /** An effect target's effect per family when it is constant at the hook (`REDIRECT --to-ports P` in OUTPUT). */
  readonly constantEffect: (rule: CompiledRule, hook: Hook) => Readonly<Record<Packet['family'], NatEffect>> | null;
  readonly applyMarks: (rule: CompiledRule, p: WorkingPacket) => void;
  readonly terminal: (
    rule: CompiledRule,
    hook: Hook,
    p: WorkingPacket,
    host: HostView,
    effects: NatEffect[],
  ) => TableOutcome | typeof NFT_BREAK;
  /** What `terminal` returns when an nft tproxy ends its rule and the chain goes on (targets.ts NFT_BREAK). */
  readonly nftBreak: typeof NFT_BREAK;
  readonly undeterminedMatch: (rule: CompiledRule) => TableOutcome;
  readonly undeterminedTarget: (rule: CompiledRule) => TableOutcome;
  readonly dropped: (rule: CompiledRule) => TableOutcome;
  readonly policy: (base: CompiledChain) => TableOutcome;
}

/** Beyond this many inlined rules the interpreter is used instead (deep fan-in would duplicate too much code). */
const MAX_INLINED_RULES = 4000;

class TooBig extends Error {}

export function compileChainProgram(base: CompiledChain, h: CodegenHelpers): TableProgram | null {
  const hook = base.base?.hook;
  if (hook === undefined) return null;
  const rules: CompiledRule[] = [];
  const chains: CompiledChain[] = [];
  const outcomes: TableOutcome[] = [];
  let label = 0;
  const ruleRef = (r: CompiledRule) => {
    if (rules.length >= MAX_INLINED_RULES) throw new TooBig();
    rules.push(r);
    return rules.length - 1;
  };
  const outcomeRef = (o: TableOutcome) => outcomes.push(o) - 1;
  const chainRef = (c: CompiledChain) => chains.push(c) - 1;
  const fixedEffects: Readonly<Record<Packet['family'], NatEffect>>[] = [];
  const effectRef = (e: Readonly<Record<Packet['family'], NatEffect>>) => fixedEffects.push(e) - 1;
  const policyIndex = outcomeRef(h.policy(base));
  const baseIndex = chainRef(base);
  // What RETURN (or falling off) does in the chain being emitted: break out of its block, or apply the policy.
  const policyCode = `hits.push(CE${baseIndex}); return O${policyIndex};`;

  const emitChain = (chain: CompiledChain, onReturn: string, lines: string[]): void => {
    for (const rule of chain.rules) {
      const k = ruleRef(rule);
      if (rule.expression !== null) {
        // Every match inlined: the expression only reads p, and was generated from numbers and JSON strings.
        lines.push(`if (${rule.expression}) {`, `hits.push(RH${k});`);
      } else {
        const und = outcomeRef(h.undeterminedMatch(rule));
        lines.push(`r = R[${k}].test(p);`, `if (r === 2) return O${und};`, 'if (r === 1) {', `hits.push(RH${k});`);
      }
      const t = rule.target;
      if (isContinuing(t)) {
        lines.push(`H.applyMarks(R[${k}], p);`, '}');
        continue;
      }
      switch (t.kind) {
        case 'accept':
          lines.push('return ACC;');
          break;
        case 'drop':
        case 'reject':
          lines.push(`return O${outcomeRef(h.dropped(rule))};`);
          break;
        case 'return':
          lines.push(onReturn);
          break;
        case 'jump':
        case 'goto': {
          const target = rule.targetChain!;
          const l = `c${label++}`;
          const t2 = chainRef(target);
          lines.push(`${l}: {`);
          emitChain(target, `break ${l};`, lines);
          lines.push(`hits.push(CE${t2});`, '}');
          // After a goto'd chain ends, control returns to the caller of the current chain.
          if (t.kind === 'goto') lines.push(onReturn);
          break;
        }
        case 'redirect':
        case 'dnat':
        case 'snat':
        case 'masquerade': {
          const fixed = h.constantEffect(rule, hook);
          if (fixed) {
            const e = effectRef(fixed);
            lines.push(`effects.push(p.family === 'ipv4' ? E${e}4 : E${e}6);`, 'return ACC;');
            break;
          }
          lines.push(`return H.terminal(R[${k}], HOOK, p, host, effects);`);
          break;
        }
        case 'tproxy':
          // NFT_BREAK: the rule is taken back from the hits and the next rule is tried.
          lines.push(
            `r = H.terminal(R[${k}], HOOK, p, host, effects);`,
            'if (r !== H.nftBreak) return r;',
            'hits.pop();',
          );
          break;
        case 'unsupported':
          lines.push(`return O${outcomeRef(h.undeterminedTarget(rule))};`);
          break;
        default:
          unreachableTarget(t);
      }
      lines.push('}');
    }
  };

  const lines: string[] = ['let r;'];
  try {
    emitChain(base, policyCode, lines);
  } catch (e) {
    if (e instanceof TooBig) return null;
    throw e;
  }
  lines.push(policyCode);
  const factory = new Function(
    'R',
    'C',
    'O',
    'H',
    'HOOK',
    'E',
    // Hit records, outcomes and effects are bound to closure constants, so the program uses them without lookups.
    [
      'const ACC = H.accept;',
      ...rules.map((_, k) => `const RH${k} = R[${k}].hit;`),
      ...chains.map((_, k) => `const CE${k} = C[${k}].endHit;`),
      ...outcomes.map((_, k) => `const O${k} = O[${k}];`),
      ...fixedEffects.map((_, k) => `const E${k}4 = E[${k}].ipv4; const E${k}6 = E[${k}].ipv6;`),
      `return function program(p, host, hits, effects) {\n${lines.join('\n')}\n};`,
    ].join('\n'),
  );
  return factory(rules, chains, outcomes, h, hook, fixedEffects) as TableProgram;
}
