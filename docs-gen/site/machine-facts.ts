// The one part of a generated page that the freshness check does not compare: facts about the machine the kernel
// oracle last ran on (its kernel release, timings), read from generated/kernel-oracle.machine.json.
//
// Why a region the check skips, rather than keeping the kernel release off the site: a reader of the oracle report
// wants to know which kernel it was verified on, but that is a fact about one machine, not about the model. Every
// figure around it comes from kernel-oracle.json and is compared byte for byte, so `npm run oracle` on another
// kernel that agrees leaves generated/ fresh, while one that finds something else makes it stale. `npm run docs`
// still writes the region, so the page names the machine whose results were last rendered.
import type { BlockContent, Html } from 'mdast';
import { FUZZ_MACHINE_FILE, MACHINE_FILE } from '../../oracle/index.ts';
import { SITE_DIR } from './files.ts';

export const MACHINE_START =
  '<!-- machine-dependent: from kernel-oracle.machine.json, not compared by the freshness check -->';
export const MACHINE_END = '<!-- end of machine-dependent -->';

const html = (value: string): Html => ({ type: 'html', value });

/** Blocks between the two markers. */
export function machineRegion(blocks: readonly BlockContent[]): BlockContent[] {
  return [html(MACHINE_START), ...blocks, html(MACHINE_END)];
}

/**
 * What the freshness check compares: the text with everything between each start marker and its end marker taken
 * out (the markers stay, so a page that loses or gains a region still differs). An unterminated region is compared
 * in full.
 */
export function comparable(text: string): string {
  let out = '';
  let from = 0;
  for (;;) {
    const start = text.indexOf(MACHINE_START, from);
    const end = start < 0 ? -1 : text.indexOf(MACHINE_END, start + MACHINE_START.length);
    if (end < 0) return out + text.slice(from);
    out += text.slice(from, start + MACHINE_START.length);
    from = end;
  }
}

/**
 * The site's copies of the machine files (the oracle's and the fuzzer's): all of them is machine facts, so the check
 * never compares them (nor misses them).
 */
export function isMachineCopy(path: string): boolean {
  return path === `${SITE_DIR}/${MACHINE_FILE}` || path === `${SITE_DIR}/${FUZZ_MACHINE_FILE}`;
}
