// Splits a command line the way a POSIX shell would for the cases that occur in pod specs and logs: blanks separate
// words, '…' is literal, "…" allows \" \\ \$ \` escapes, a backslash outside quotes escapes the next character.
// No expansion ($VAR, globs) is done: istio-init's args are not shell-evaluated either.

export interface Word {
  readonly text: string;
  /** 1-based column of the word's first character. */
  readonly column: number;
}

export type Words =
  | { readonly ok: true; readonly words: readonly Word[] }
  | { readonly ok: false; readonly column: number };

export function splitShellWords(line: string): Words {
  const words: Word[] = [];
  // The word being read; undefined between words (so '' and "" make an empty word).
  let current: string | undefined;
  let start = 0;
  let i = 0;
  const begin = (): string => {
    if (current === undefined) {
      current = '';
      start = i + 1;
    }
    return current;
  };
  while (i < line.length) {
    const c = line[i]!;
    if (c === ' ' || c === '\t' || c === '\n') {
      if (current !== undefined) words.push({ text: current, column: start });
      current = undefined;
      i++;
    } else if (c === "'") {
      const end = line.indexOf("'", i + 1);
      if (end < 0) return { ok: false, column: i + 1 };
      current = begin() + line.slice(i + 1, end);
      i = end + 1;
    } else if (c === '"') {
      let text = begin();
      const open = i;
      i++;
      while (i < line.length && line[i] !== '"') {
        if (line[i] === '\\' && i + 1 < line.length && '"\\$`'.includes(line[i + 1]!)) i++;
        text += line[i];
        i++;
      }
      current = text;
      if (i >= line.length) return { ok: false, column: open + 1 };
      i++;
    } else if (c === '\\' && i + 1 < line.length) {
      current = begin() + line[i + 1];
      i += 2;
    } else {
      current = begin() + c;
      i++;
    }
  }
  if (current !== undefined) words.push({ text: current, column: start });
  return { ok: true, words };
}
