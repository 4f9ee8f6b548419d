// Where the browser is and how it is launched. A system Chromium or Chrome, never one puppeteer downloads (the
// machines are offline and .puppeteerrc.cjs skips the download). The browser is looked up the way puppeteer and the
// chrome-launcher family do: an explicit path from the environment first, then the usual install locations.
import { accessSync, constants, statSync } from 'node:fs';
import { delimiter, join } from 'node:path';

export const CHROMIUM_INSTALL_HINT =
  'apt-get install -y --no-install-recommends chromium fonts-liberation (or set PUPPETEER_EXECUTABLE_PATH or CHROME_PATH to a Chrome or Chromium executable)';

/** Read in this order; the first one set wins, and a set one that is not an executable is an error, not skipped. */
export const CHROMIUM_ENV_VARS = ['PUPPETEER_EXECUTABLE_PATH', 'CHROME_PATH'] as const;

/** Debian and Ubuntu name the binary chromium or chromium-browser; Google's packages google-chrome(-stable). */
export const CHROMIUM_NAMES: readonly string[] = Object.freeze([
  'chromium',
  'chromium-browser',
  'google-chrome',
  'google-chrome-stable',
]);

/**
 * --no-sandbox / --disable-setuid-sandbox: Chromium refuses to start as root with its sandbox.
 * --disable-dev-shm-usage: containers often have a 64 MB /dev/shm, which crashes renderers.
 * The rest switch off GPU probing and background traffic (updates, sync, first-run) that only costs start-up time.
 */
export const CHROMIUM_ARGS: readonly string[] = Object.freeze([
  '--no-sandbox',
  '--disable-setuid-sandbox',
  '--disable-dev-shm-usage',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-sync',
]);

export type ChromiumLookup =
  | { readonly found: true; readonly path: string; readonly from: string }
  | { readonly found: false; readonly reason: string };

function executable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/** Where distributions install the browser, searched before $PATH. */
export const USUAL_DIRS: readonly string[] = Object.freeze(['/usr/bin']);

/** Finds the browser: $PUPPETEER_EXECUTABLE_PATH, $CHROME_PATH, /usr/bin/<name>, then each <name> on $PATH. */
export function findChromium(
  env: Readonly<Record<string, string | undefined>> = process.env,
  usualDirs: readonly string[] = USUAL_DIRS,
): ChromiumLookup {
  for (const name of CHROMIUM_ENV_VARS) {
    const value = env[name];
    if (value === undefined || value === '') continue;
    return executable(value)
      ? { found: true, path: value, from: `$${name}` }
      : { found: false, reason: `${name} is set to ${value}, which is not an executable file` };
  }
  const onPath = (env.PATH ?? '').split(delimiter).filter((d) => d !== '' && !usualDirs.includes(d));
  for (const dir of [...usualDirs, ...onPath]) {
    for (const name of CHROMIUM_NAMES) {
      const path = join(dir, name);
      if (executable(path)) return { found: true, path, from: usualDirs.includes(dir) ? dir : '$PATH' };
    }
  }
  return {
    found: false,
    reason: `no ${CHROMIUM_NAMES.join(', ')} in ${usualDirs.join(', ')} or on $PATH, and neither ${CHROMIUM_ENV_VARS.join(' nor ')} is set`,
  };
}

/** The browser's path, or null when there is none; callers then skip SVGs and print chromiumMissing(). */
export function chromiumAvailable(env?: Readonly<Record<string, string | undefined>>): string | null {
  const lookup = findChromium(env);
  return lookup.found ? lookup.path : null;
}

/** Why no browser was found, and how to get one; for the one line a skipped step prints. */
export function chromiumMissing(env?: Readonly<Record<string, string | undefined>>): string {
  const lookup = findChromium(env);
  return lookup.found ? '' : `Chromium not found (${lookup.reason}); install it with: ${CHROMIUM_INSTALL_HINT}`;
}
