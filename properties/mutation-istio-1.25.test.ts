// Mutation adequacy on istio-1.25 (see mutation-suite.ts).
import { mutationSuite } from './mutation-suite.ts';

mutationSuite('istio-1.25');
