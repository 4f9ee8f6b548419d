// `npx tsx scripts/nft-fixtures.ts` (as root): loads each nftables golden in test/fixtures/istio/nft-goldens/ with the
// real `nft -f` in a fresh network namespace and writes what nft lists back, in its three forms, to listed/:
// NAME.nft, NAME.a.nft (with handles) and NAME.json. test/nft/kernel-listing.test.ts checks them against a live run.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { listNftScript, nftAvailability } from '../oracle/index.ts';

const DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../test/fixtures/istio/nft-goldens');

export async function main(print: (line: string) => void = console.log): Promise<number> {
  const available = nftAvailability();
  if (!available.ok) {
    print(`nft fixtures not made: ${available.reason}`);
    return 1;
  }
  const groups = JSON.parse(readFileSync(resolve(DIR, 'listed/groups.json'), 'utf8')) as Record<string, number>;
  const names = readdirSync(DIR).filter((f) => f.endsWith('.golden'));
  for (const file of names) {
    const name = file.replace(/\.golden$/, '');
    const listed = await listNftScript(readFileSync(resolve(DIR, file), 'utf8'), { groups });
    writeFileSync(resolve(DIR, `listed/${name}.nft`), listed.text);
    writeFileSync(resolve(DIR, `listed/${name}.a.nft`), listed.handles);
    writeFileSync(resolve(DIR, `listed/${name}.json`), listed.json);
  }
  print(`${names.length} goldens listed with ${available.version}`);
  return 0;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) process.exitCode = await main();
