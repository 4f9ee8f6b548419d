// One seed for every property in the run, so CI is reproducible: FC_SEED replays a run, FC_NUM_RUNS deepens it.
import { fc } from '@fast-check/vitest';
import { fcSettings } from './properties/settings.ts';

fc.configureGlobal(fcSettings());
