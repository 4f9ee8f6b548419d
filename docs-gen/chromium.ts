// Where the browser is and how it is launched. Debian's Chromium, never a downloaded one (the machines are offline and
// .puppeteerrc skips the download). puppeteer-config.json at the repo root carries the same values for mmdc.
import { accessSync, constants } from 'node:fs';

export const CHROMIUM_PATH = '/usr/bin/chromium';

export const CHROMIUM_INSTALL_HINT = 'apt-get install -y --no-install-recommends chromium fonts-liberation';

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

/** The Chromium executable's path, or null when it is missing; callers then skip SVGs and print the install hint. */
export function chromiumAvailable(): string | null {
  try {
    accessSync(CHROMIUM_PATH, constants.X_OK);
    return CHROMIUM_PATH;
  } catch {
    return null;
  }
}
