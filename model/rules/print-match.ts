// How iptables-save writes each match: its kind's own iptables part (model/kinds) knows.
import { matchKind } from '../kinds/index.ts';
import type { Match } from './types.ts';

export { portOption } from '../kinds/index.ts';

export const printMatch = (match: Match): string => matchKind(match).iptables.print(match);
