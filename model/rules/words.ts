// A cursor over a rule's words, and how an option takes its words: getopt-style values, `!` before or (deprecated)
// right after the option, and the greedy reading used for options of modules the model does not know.

import type { OptionDef, Report } from '../syntax/index.ts';
import { isBang, looksLikeOption, type Token } from '../syntax/index.ts';

export interface Words {
  readonly args: readonly Token[];
  i: number;
}

export interface Consumed {
  readonly negated: boolean;
  readonly values: readonly Token[];
  readonly raw: readonly Token[];
}

/** Words up to the next option (or a `!` that precedes one), for options of modules we do not know. */
export function greedy(w: Words): Token[] {
  const words: Token[] = [];
  for (; w.i < w.args.length; w.i++) {
    const word = w.args[w.i]!;
    const next = w.args[w.i + 1];
    if (looksLikeOption(word) || (isBang(word) && next !== undefined && looksLikeOption(next))) break;
    words.push(word);
  }
  return words;
}

/** Consumes a known option's words; undefined after reporting a problem. */
export function consume(
  w: Words,
  option: Token,
  def: OptionDef,
  bang: Token | undefined,
  report: Report,
): Consumed | undefined {
  let negated = bang !== undefined;
  const raw: Token[] = bang ? [bang, option] : [option];
  // Deprecated "intrapositioned" negation, `--dport ! 80`, which iptables still accepts.
  const after = w.args[w.i + 1];
  if (def.arity > 0 && isBang(w.args[w.i]) && after !== undefined && !looksLikeOption(after)) {
    if (negated) report('bad-value', w.args[w.i]!, 'multiple "!" flags are not allowed');
    raw.push(w.args[w.i++]!);
    negated = true;
  }
  // Like getopt, an option that takes a value takes the next word whatever it looks like (`--comment -x`).
  const values = w.args.slice(w.i, w.i + def.arity);
  if (values.length < def.arity) {
    report('missing-argument', option, `${option.text} needs ${def.arity === 1 ? 'a value' : `${def.arity} values`}`);
    w.i = w.args.length;
    return undefined;
  }
  w.i += def.arity;
  raw.push(...values);
  if (negated && !def.negatable) {
    report('bad-value', bang ?? option, `${def.name} cannot be negated with "!"`);
    return undefined;
  }
  return { negated, values, raw };
}
