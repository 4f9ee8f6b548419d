// The browser is found, not assumed: environment variables first, then the usual locations, then $PATH.
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { chromiumMissing, findChromium } from '../../docs-gen/chromium.ts';

const root = mkdtempSync(join(tmpdir(), 'sidecar-chromium-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function fakeBrowser(dir: string, name: string, mode = 0o755): string {
  mkdirSync(join(root, dir), { recursive: true });
  const path = join(root, dir, name);
  writeFileSync(path, '#!/bin/sh\n');
  chmodSync(path, mode);
  return path;
}

const usual = join(root, 'usr-bin');
const chrome = fakeBrowser('opt', 'chrome');
const onPath = fakeBrowser('path-bin', 'google-chrome');
const notExecutable = fakeBrowser('opt', 'readme.txt', 0o644);
mkdirSync(usual, { recursive: true });

describe('findChromium', () => {
  it('takes $PUPPETEER_EXECUTABLE_PATH first, then $CHROME_PATH', () => {
    expect(findChromium({ PUPPETEER_EXECUTABLE_PATH: chrome, CHROME_PATH: onPath }, [usual])).toEqual({
      found: true,
      path: chrome,
      from: '$PUPPETEER_EXECUTABLE_PATH',
    });
    expect(findChromium({ CHROME_PATH: chrome }, [usual])).toMatchObject({ path: chrome, from: '$CHROME_PATH' });
  });

  it('refuses a variable that names no executable instead of quietly using another browser', () => {
    const lookup = findChromium({ CHROME_PATH: notExecutable, PATH: join(root, 'path-bin') }, [usual]);
    expect(lookup).toEqual({
      found: false,
      reason: `CHROME_PATH is set to ${notExecutable}, which is not an executable file`,
    });
    expect(findChromium({ PUPPETEER_EXECUTABLE_PATH: join(root, 'opt') }, [usual]).found).toBe(false);
  });

  it('looks in the usual directory before $PATH, for every usual name', () => {
    expect(findChromium({ PATH: join(root, 'path-bin') }, [usual])).toEqual({
      found: true,
      path: onPath,
      from: '$PATH',
    });
    const installed = fakeBrowser('usr-bin', 'chromium-browser');
    expect(findChromium({ PATH: join(root, 'path-bin') }, [usual])).toEqual({
      found: true,
      path: installed,
      from: usual,
    });
    rmSync(installed);
  });

  it('says what it tried when there is nothing, and the missing-browser line says how to get one', () => {
    const lookup = findChromium({ PATH: join(root, 'empty') }, [usual]);
    expect(lookup.found).toBe(false);
    expect(lookup.found ? '' : lookup.reason).toContain('chromium, chromium-browser, google-chrome');
    expect(chromiumMissing({ CHROME_PATH: notExecutable })).toMatch(
      /^Chromium not found \(CHROME_PATH is set.*apt-get install/,
    );
  });
});
