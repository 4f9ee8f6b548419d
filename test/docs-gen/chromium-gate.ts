// Tests that need Chromium must never pass by accident. Outside CI a missing browser skips them (vitest reports
// skips; scripts/test.ts never counts them as passed); with CI set they run and fail with the install hint.
import { chromiumMissing, findChromium } from '../../docs-gen/chromium.ts';

const ci = process.env.CI;
export const inCi = ci !== undefined && ci !== '' && ci !== '0' && ci !== 'false';
export const hasChromium = findChromium().found;
export const skipRendering = !hasChromium && !inCi;
export const renderSuiteName = skipRendering ? `renderSvgs (SKIPPED: ${chromiumMissing()})` : 'renderSvgs';
