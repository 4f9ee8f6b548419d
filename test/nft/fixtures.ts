// The nftables goldens and what the real nft listed after loading each (test/fixtures/istio/PROVENANCE.md).
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const NFT_GOLDEN_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../fixtures/istio/nft-goldens');

export const NFT_GOLDENS: readonly string[] = readdirSync(NFT_GOLDEN_DIR)
  .filter((f) => f.endsWith('.golden'))
  .map((f) => f.replace(/\.golden$/, ''))
  .sort();

export function golden(name: string): string {
  return readFileSync(resolve(NFT_GOLDEN_DIR, `${name}.golden`), 'utf8');
}

export type ListedForm = 'nft' | 'a.nft' | 'json';

export function listed(name: string, form: ListedForm): string {
  return readFileSync(resolve(NFT_GOLDEN_DIR, `listed/${name}.${form}`), 'utf8');
}

/** The group names the fixtures were loaded with (nft resolved them to these gids). */
export const FIXTURE_GROUPS: Readonly<Record<string, number>> = JSON.parse(
  readFileSync(resolve(NFT_GOLDEN_DIR, 'listed/groups.json'), 'utf8'),
);

const SAMPLES_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../fixtures/nft');
/** A hand-written script with one of each listing rewrite, and what nft 1.0.6 listed after loading it. */
export const SAMPLES = readFileSync(resolve(SAMPLES_DIR, 'listing-samples.nft'), 'utf8');
export const SAMPLES_LISTED = readFileSync(resolve(SAMPLES_DIR, 'listing-samples.listed'), 'utf8');
/** The newest default sidecar's nftables transaction, written by hand (test/fixtures/istio/PROVENANCE.md). */
export const DEFAULT_PROFILE = readFileSync(resolve(NFT_GOLDEN_DIR, '../nft-profiles/default-1.31.nft'), 'utf8');
