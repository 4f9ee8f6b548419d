// Progress on stderr, only on a terminal and only once a run has taken a while: a fast check prints nothing extra,
// and piped or captured output never sees a status line. The model is synchronous, so a status is shown between
// steps (before the next family, the next search), not during one.
import type { CliIo } from './io.ts';

/** Runs shorter than this show no progress at all. */
const QUIET_MS = 300;

export interface Progress {
  /** Show what is about to happen, if the run is already long. */
  show(text: string): void;
  /** Erase the status line, if one is shown. */
  clear(): void;
}

export function progress(io: CliIo, alwaysShow = false): Progress {
  const start = Date.now();
  let shown = false;
  const enabled = io.stderr.isTTY === true;
  return {
    show(text) {
      if (!enabled || (!alwaysShow && Date.now() - start < QUIET_MS)) return;
      io.stderr.write(`\r\x1b[K${text}...`);
      shown = true;
    },
    clear() {
      if (shown) io.stderr.write('\r\x1b[K');
      shown = false;
    },
  };
}
