// One seed for every property in the run, so CI is reproducible: FC_SEED replays a run, FC_NUM_RUNS deepens it.
// fast-check's global settings also reach @fast-check/vitest's test.prop (one shared fast-check instance). The
// settings are read once in vitest.config.ts, so a test file that needs no property does not load the search library.
// Searches that feed generated documents pass their own seed and run count, so these settings never reach generated/.
import fc from 'fast-check';
import { inject } from 'vitest';

fc.configureGlobal(inject('fcSettings'));
