// comment `--comment text` (libxt_comment.c): always true; the text is at most XT_MAX_COMMENT_LEN - 1 = 255 bytes.
import { bad, type MatchModule } from '../options.ts';

const MAX_BYTES = 255;
const encoder = new TextEncoder();

export const comment: MatchModule = {
  options: [{ name: '--comment', arity: 1 }],
  compile([option], ctx) {
    if (!option) {
      ctx.report('missing-argument', ctx.at, '-m comment needs --comment');
      return undefined;
    }
    const token = option.values[0]!;
    if (encoder.encode(token.text).length > MAX_BYTES) {
      return bad(ctx, token, `a comment is at most ${MAX_BYTES} bytes`);
    }
    return [{ kind: 'comment', text: token.text }];
  },
};
