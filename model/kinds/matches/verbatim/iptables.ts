// How iptables writes the matches that decide nothing. comment `--comment text` (libxt_comment.c): always true;
// the text is at most XT_MAX_COMMENT_LEN - 1 = 255 bytes.
import { bad, type MatchModule, nameWord, saveString } from '../../../syntax/index.ts';
import type { MatchKindIptables } from '../../match-kind.ts';

const MAX_BYTES = 255;

/** The length of `text` in UTF-8, as the kernel counts the comment (the core has no TextEncoder: it is a Web API). */
function utf8Length(text: string): number {
  let bytes = 0;
  // Iterating a string yields code points; a lone surrogate is encoded as U+FFFD, 3 bytes, like any BMP code point.
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    bytes += cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
  }
  return bytes;
}

export const comment: MatchModule = {
  options: [{ name: '--comment', arity: 1 }],
  compile([option], ctx) {
    if (!option) {
      ctx.report('missing-argument', ctx.at, '-m comment needs --comment');
      return undefined;
    }
    const token = option.values[0]!;
    if (utf8Length(token.text) > MAX_BYTES) {
      return bad(ctx, token, `a comment is at most ${MAX_BYTES} bytes`);
    }
    return [{ kind: 'comment', text: token.text }];
  },
};

export const commentIptables: MatchKindIptables<'comment'> = {
  modules: { comment },
  generic: null,
  print: (m) => `-m comment --comment ${saveString(m.text)}`,
};

/** Any other `-m` module is kept verbatim by the rule compiler (model/rules), not by a module here. */
export const unsupportedIptables: MatchKindIptables<'unsupported'> = {
  modules: {},
  generic: null,
  print: (m) => (m.text === '' ? `-m ${nameWord(m.module)}` : `-m ${nameWord(m.module)} ${m.text}`),
};
