// Istio's native nftables generator reproduces each shared golden byte for byte from its configuration file, and the
// transaction it writes is one the nft parser reads without a warning.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, test } from 'vitest';
import { configFromJson, defaultNftablesRules, generateNftables, type IstioConfig } from '../../model/istio/index.ts';
import { parseNft } from '../../model/nft/index.ts';
import { DEFAULT_PROFILE, golden, NFT_GOLDEN_DIR, NFT_GOLDENS } from './fixtures.ts';

function config(name: string): IstioConfig {
  const result = configFromJson(readFileSync(resolve(NFT_GOLDEN_DIR, `../configs/${name}.json`), 'utf8'));
  expect(result.issues.filter((i) => i.severity === 'error')).toEqual([]);
  return result.config!;
}

describe.each(NFT_GOLDENS)('%s', (name) => {
  test('the generator writes the golden byte for byte', () => {
    expect(generateNftables(config(name)).text).toBe(golden(name));
  });
});

test('the newest default sidecar with native nftables: the hand-written transaction', () => {
  expect(defaultNftablesRules().text).toBe(DEFAULT_PROFILE);
  const parsed = parseNft(DEFAULT_PROFILE);
  expect(parsed.issues).toEqual([]);
});

test('every generated transaction reads back without an issue', () => {
  for (const name of NFT_GOLDENS) expect(parseNft(generateNftables(config(name)).text).issues).toEqual([]);
});
