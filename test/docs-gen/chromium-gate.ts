// Tests that need Chromium must never pass by accident. Outside CI a missing browser skips them (vitest reports
// skips; scripts/test.ts never counts them as passed); with CI set they run and fail with the install hint.
import { CHROMIUM_INSTALL_HINT, chromiumAvailable } from '../../docs-gen/chromium.ts';

const ci = process.env.CI;
export const inCi = ci !== undefined && ci !== '' && ci !== '0' && ci !== 'false';
export const hasChromium = chromiumAvailable() !== null;
export const skipRendering = !hasChromium && !inCi;
export const renderSuiteName = skipRendering
  ? `renderSvgs (SKIPPED: /usr/bin/chromium is missing; install: ${CHROMIUM_INSTALL_HINT})`
  : 'renderSvgs';
