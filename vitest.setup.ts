// One seed for every property in the run, so CI is reproducible: FC_SEED replays a run, FC_NUM_RUNS deepens it.
// fast-check's global settings also reach @fast-check/vitest's test.prop (one shared fast-check instance).
import fc from 'fast-check';
import { fcSettings } from './properties/index.ts';

fc.configureGlobal(fcSettings());
