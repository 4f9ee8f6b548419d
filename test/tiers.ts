// The two tiers of the test suite. `npm test` (vitest.config.ts) is the developers' loop and must stay near 90 s on 2
// cores; the files below are its long runs and make up `npm run test:slow` (vitest.slow.config.ts): each sweeps every
// Istio golden through the CLI, replays traffic on the real kernel at length, or runs a property at depth. The
// behaviour behind each keeps a faster test in `npm test` (named beside each entry). CI (.ci/run) runs both tiers and
// adds their counts; test/tiers.test.ts holds that every test file is in exactly one tier and that no entry here names
// a file that does not exist.
export const SLOW_TIER: readonly string[] = [
  // every native nftables golden checked with and without its configuration (fast: test/nft/read-back.test.ts)
  'test/cli/nft-setup.test.ts',
  // the kernel fuzzer's fixed-seed run and regression fixtures (fast: test/oracle/fuzz-units.test.ts, fuzz-load)
  'test/oracle/fuzz.test.ts',
  // every scenario hop of three profiles on the kernel (fast: test/oracle/replay-from-trace.test.ts, native-nft)
  'test/oracle/model-vs-kernel.test.ts',
  // the measured observations on both backends (fast: test/oracle/native-nft.test.ts, stale-sweep, dns-oracle)
  'test/oracle/kernel-oracle.test.ts',
  // every nft golden loaded and listed by the kernel (fast: test/nft/listing-form.test.ts)
  'test/nft/kernel-listing.test.ts',
  // every golden read back alone (fast: test/cli/check.test.ts, test/nft/read-back.test.ts)
  'test/cli/read-back-intent.test.ts',
  // every golden alone doubted or not, each kind of departure (fast: test/cli/istio-config.test.ts, check.test.ts)
  'test/cli/capture-doubt.test.ts',
  // seven historical bugs before and after their fix (fast: the invariants' killer-mutant tests)
  'test/history/corpus.test.ts',
  // both backends compared over every packet class, one configuration at a time (fast: test/oracle/backends-data.test.ts)
  'test/oracle/backends.test.ts',
  // check of every golden through the CLI with its configuration (fast: test/istio/goldens.test.ts, test/cli/check.test.ts)
  'test/cli/istio-config.test.ts',
  // usage errors, help widths and closed pipes, many through the real process (fast: test/cli/spawn.test.ts)
  'test/cli/terminal.test.ts',
  // DNS flows replayed on the kernel, IPv4 and IPv6 (fast: test/oracle/dns-conntrack-parse.test.ts, dns-listing)
  'test/oracle/dns-oracle.test.ts',
  // the oracle's pages rebuilt over altered copies of its data (fast: test/docs/generated.test.ts)
  'test/docs-gen/oracle-pages.test.ts',
  // huge and hostile inputs through the CLI (fast: test/cli/limits.test.ts, test/cli/class-work.test.ts)
  'test/cli/bounded-errors.test.ts',
  // SARIF, JUnit and baselines validated against their schemas, several through the real process (fast: SARIF and
  // JUnit of a not-captured dump in test/cli/capture.test.ts)
  'test/cli/ci-formats.test.ts',
  // npm pack, then an install of the tarball into a temporary prefix (fast: test/cli/spawn.test.ts runs the built CLI)
  'test/cli/tarball.test.ts',
  // a run killed with SIGKILL and the next run's sweep (fast: the cleanup proofs of test/oracle/native-nft.test.ts and
  // backends-kernel.test.ts)
  'test/oracle/stale-sweep.test.ts',
  // the reproductions through the real process (fast: test/cli/spawn.test.ts)
  'test/cli/real-process-repros.test.ts',
  // thousands of damaged dumps (fast: test/cli/fuzz.test.ts, test/rules/*)
  'properties/rules-robustness.test.ts',
];
