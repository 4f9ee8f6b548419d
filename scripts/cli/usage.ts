// How every subcommand behaves at the command line, applied once to the tree: a usage error is the error and one
// line pointing at --help (not 60 lines of help that push the error off screen); an option that takes one value
// and is given twice is refused (commander would keep the last silently); an enumerated value that is not one of
// the choices gets "did you mean".
import { type Command, Help, InvalidArgumentError, type Option } from 'commander';
import { didYouMean } from './suggest.ts';

/** Options that may be repeated: each occurrence adds to a list (their help says "repeatable"). */
const REPEATABLE = new Set(['invariant', 'pod-ip', 'env', 'dns-server', 'group']);

export function helpPointer(cmd: Command): string {
  const path: string[] = [];
  for (let c: Command | null = cmd; c; c = c.parent) path.unshift(c.name());
  return `Run '${path.join(' ')} --help' for usage.`;
}

function suggestChoices(option: Option): void {
  const choices = option.argChoices;
  if (!choices || !option.parseArg) return;
  const parse = option.parseArg;
  option.parseArg = <T>(arg: string, previous: T): T => {
    if (!choices.includes(arg)) {
      throw new InvalidArgumentError(
        `${JSON.stringify(arg)} is not one of ${choices.join(', ')}${didYouMean(arg, choices)}.`,
      );
    }
    return parse(arg, previous) as T;
  };
}

function refuseRepeats(cmd: Command, option: Option): void {
  const name = option.name();
  if (REPEATABLE.has(name) || !(option.required || option.optional)) return;
  let seen = 0;
  cmd.on(`option:${name}`, () => {
    if (++seen > 1) {
      cmd.error(`error: option '${option.flags}' given more than once; it takes one value`, {
        exitCode: 2,
        code: 'sidecar-chains.repeatedOption',
      });
    }
  });
}

/** Applies the rules above to a command and every subcommand. */
export function tidyCommands(root: Command): void {
  for (const cmd of [root, ...root.commands]) {
    cmd.showHelpAfterError(helpPointer(cmd));
    for (const option of cmd.options) {
      suggestChoices(option);
      refuseRepeats(cmd, option);
    }
  }
}

/**
 * Wraps free help text (exit codes, examples) to the width commander wraps the options to: each line keeps its
 * hanging indent (the leading spaces, and an exit code's number column), so continuation lines align under the text.
 * Example command lines are broken with a shell continuation (` \\`), so they can still be copied.
 */
export function wrapHelpText(text: string, width: number): string {
  const help = new Help();
  return text
    .split('\n')
    .map((line) => {
      if (line.length <= width) return line;
      if (/^\s*sidecar-chains /.test(line)) return continued(line, width);
      const indent = /^(\s*(?:\d+\s+)?)/.exec(line)![1]!;
      const wrapped = help.boxWrap(line.slice(indent.length), Math.max(20, width - indent.length));
      return wrapped
        .split('\n')
        .map((l, i) => (i === 0 ? indent : ' '.repeat(indent.length)) + l)
        .join('\n');
    })
    .join('\n');
}

/**
 * A command line broken between shell words into lines of at most `width` that end in ` \\`, continued four spaces
 * in. A quoted argument is one word (a backslash-newline inside single quotes would not be a continuation), so it
 * may overflow when it alone is wider than the line.
 */
function continued(line: string, width: number): string {
  const indent = /^\s*/.exec(line)![0];
  const words = line.trim().match(/(?:'[^']*'|"[^"]*"|\S)+/g) ?? [];
  const out: string[] = [];
  let current = indent + words.shift()!;
  for (const w of words) {
    if (current.length + 1 + w.length + 2 > width) {
      out.push(`${current} \\`);
      current = `${indent}    ${w}`;
    } else current += ` ${w}`;
  }
  out.push(current);
  return out.join('\n');
}
