// How iptables-save writes each target: its kind's own iptables part (model/kinds) knows.
import { targetKind } from '../kinds/index.ts';
import type { Target } from './types.ts';

export const printTarget = (target: Target): string => targetKind(target).iptables.print(target);
