// Way in 2: an istio-iptables command line (as in istio-init's args), the env variables istio-init runs with, the
// nameservers DNS capture would read from /etc/resolv.conf, and the pod's addresses (for ENABLE_INBOUND_IPV6).
// Precedence as in tools/istio-iptables/pkg/cmd/root.go: env variables are applied when the flags are bound (an
// AdditionalEnv alias after the flag's own name), then the command line overrides them; a repeated flag's last value
// wins (pflag).
import { atLeast, type IstioVersion, NEWEST_VERSION } from '../version.ts';
import { applyEnv, type EnvInput } from './env.ts';
import { finishRaw, type PodFacts } from './finish.ts';
import { type FlagSpec, findFlag, nearestFlag } from './flags.ts';
import type { ConfigIssue, InputRef } from './issues.ts';
import { type ConfigResult, mergeIssues, parseRawConfig } from './parse.ts';
import { defaultRawConfig, type Provenance, type RawConfig } from './raw.ts';
import { splitShellWords, type Word } from './shell-words.ts';
import { parseGoBool } from './values.ts';

export interface ArgsOptions extends PodFacts {
  /** istio-init's environment: NAME=VALUE pairs (proxyMetadata ends up here). */
  readonly env?: EnvInput;
  /** The version whose flags and defaults apply (the newest when not given). */
  readonly version?: IstioVersion;
}

const BINARY = /(^|\/)(istio-iptables|istio-clean-iptables)$/;

export function configFromArgs(commandLine: string | readonly string[], options: ArgsOptions = {}): ConfigResult {
  const version = options.version ?? NEWEST_VERSION;
  const issues: ConfigIssue[] = [];
  let words: Word[];
  if (typeof commandLine === 'string') {
    const split = splitShellWords(commandLine);
    if (!split.ok) {
      const input: InputRef = {
        kind: 'command-line',
        column: split.column,
        value: commandLine.slice(split.column - 1),
      };
      return {
        issues: [
          {
            code: 'unterminated-quote',
            severity: 'error',
            input,
            message: `the quote at column ${split.column} is never closed`,
          },
        ],
        provenance: {},
      };
    }
    words = [...split.words];
  } else words = commandLine.map((text, i) => ({ text, column: i + 1 }));
  if (words[0] && BINARY.test(words[0].text)) words.shift();

  const raw = defaultRawConfig(version);
  const provenance: Provenance = {};
  issues.push(...applyEnv(raw, provenance, options.env ?? [], version));
  issues.push(...applyFlags(words, raw, provenance, version));
  issues.push(...finishRaw(raw, provenance, options, version));
  return mergeIssues(issues, parseRawConfig(raw, provenance));
}

function applyFlags(
  words: readonly Word[],
  raw: RawConfig,
  provenance: Provenance,
  version: IstioVersion,
): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  for (let i = 0; i < words.length; i++) {
    const word = words[i]!;
    if (!word.text.startsWith('-') || word.text === '-') {
      issues.push({
        code: 'unexpected-argument',
        severity: 'warning',
        input: { kind: 'command-line', column: word.column, value: word.text },
        message: `${JSON.stringify(word.text)} is not a flag; istio-iptables ignores stray arguments`,
      });
      continue;
    }
    const { name, inline } = splitFlag(word.text);
    const flag = findFlag(name);
    const at: InputRef = { kind: 'command-line', column: word.column, value: word.text };
    if (!flag || !knownIn(flag, version)) {
      const near = flag ? undefined : nearestFlag(name);
      const span = flag?.until ? `from ${flag.since} to ${flag.until}` : `from ${flag?.since}`;
      const why = flag ? `istio-iptables ${version} has no ${name} flag (it has it ${span})` : `unknown flag ${name}`;
      issues.push({
        code: 'unknown-flag',
        severity: 'error',
        input: at,
        message: `${why}${near ? `; did you mean ${near}?` : ''}`,
      });
      if (!flag?.bool && inline === undefined && words[i + 1] && !words[i + 1]!.text.startsWith('-')) i++;
      continue;
    }
    let value = inline;
    if (value === undefined && !flag.bool) {
      const next = words[i + 1];
      if (!next) {
        issues.push({ code: 'missing-value', severity: 'error', input: at, message: `${name} needs a value` });
        continue;
      }
      value = next.text;
      i++;
    }
    if (!flag.field) continue;
    const input: InputRef = { kind: 'flag', name, value: value ?? 'true' };
    if (flag.bool) {
      const b = value === undefined ? ({ ok: true, value: true } as const) : parseGoBool(value);
      if (!b.ok) {
        issues.push({
          code: 'bad-bool',
          severity: 'error',
          field: flag.field,
          input,
          message: `${name}=${JSON.stringify(value)}: ${b.reason}`,
        });
        continue;
      }
      raw[flag.field] = b.value;
    } else raw[flag.field] = value ?? '';
    provenance[flag.field] = input;
  }
  return issues;
}

function knownIn(flag: FlagSpec, version: IstioVersion): boolean {
  return atLeast(version, flag.since) && (!flag.until || atLeast(flag.until, version));
}

/**
 * "--name=value", "--name", "-x", "-xVALUE" and "-x=VALUE" (pflag's shorthand forms). A one-letter flag written with
 * a value glued on is only split when the letter is a known shorthand.
 */
function splitFlag(text: string): { name: string; inline?: string } {
  if (text.startsWith('--')) {
    const eq = text.indexOf('=');
    return eq < 0 ? { name: text } : { name: text.slice(0, eq), inline: text.slice(eq + 1) };
  }
  const name = text.slice(0, 2);
  if (text.length === 2) return { name };
  const rest = text.slice(2);
  return { name, inline: rest.startsWith('=') ? rest.slice(1) : rest };
}
