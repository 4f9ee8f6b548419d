// The listed fixtures are what this machine's nft really prints: each golden is loaded again with `nft -f` in a fresh
// network namespace of its own and listed in its three forms. Needs root and namespaces; elsewhere one line says why
// nothing ran, and in CI a skip is a failure. Also proves the namespaces are gone afterwards and the root namespace's
// ruleset is untouched.
import { spawnSync } from 'node:child_process';
import { describe, expect, test } from 'vitest';
import { listingForm, parseNft, printNftRuleset } from '../../model/nft/index.ts';
import { listNftScript, listOurNamespaces, nftAvailability, nftNamespaceName } from '../../oracle/index.ts';
import { DEFAULT_PROFILE, FIXTURE_GROUPS, golden, listed, NFT_GOLDENS, SAMPLES, SAMPLES_LISTED } from './fixtures.ts';

const inCI = Boolean(process.env.CI);
const availability = nftAvailability();
const reason = availability.ok ? undefined : availability.reason;
if (reason && !inCI) console.log(`nft listing check skipped: ${reason}`);

if (reason && inCI) {
  describe('nft listing check in CI', () => {
    test('is available', () => {
      throw new Error(`nft listing check unavailable in CI: ${reason}`);
    });
  });
}

const rootRuleset = () => spawnSync('nft', ['list', 'ruleset'], { encoding: 'utf8' }).stdout;

describe.skipIf(reason !== undefined)('the real nft lists each golden as the fixtures say', () => {
  test.each(NFT_GOLDENS)('%s', async (name) => {
    const before = rootRuleset();
    const namespace = nftNamespaceName();
    const live = await listNftScript(golden(name), { groups: FIXTURE_GROUPS, namespace });
    expect(live.text).toBe(listed(name, 'nft'));
    expect(live.handles).toBe(listed(name, 'a.nft'));
    expect(live.json).toBe(listed(name, 'json'));
    expect(listOurNamespaces()).not.toContain(namespace);
    expect(rootRuleset()).toBe(before);
  });

  test('the listing samples list as their fixture says', async () => {
    expect((await listNftScript(SAMPLES)).text).toBe(SAMPLES_LISTED);
  });

  test("the newest default sidecar's transaction loads, and lists as the listing form predicts", async () => {
    const live = await listNftScript(DEFAULT_PROFILE);
    const predicted = listingForm(parseNft(DEFAULT_PROFILE).value!.ruleset);
    expect(live.text).toBe(printNftRuleset(predicted));
    expect(live.handles).toBe(printNftRuleset(predicted, { handles: true }));
  });

  test('a script nft refuses leaves no namespace behind', async () => {
    const namespace = nftNamespaceName();
    await expect(listNftScript('add rule inet nowhere nochain accept\n', { namespace })).rejects.toThrow(/nft/);
    expect(listOurNamespaces()).not.toContain(namespace);
  });
});
