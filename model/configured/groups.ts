// Owner groups and proxy ids as the configuration names them (a number, or a name iptables resolves through NSS when
// it loads the rule). Offline, a name is resolved only through the groups the user gives (--group NAME=GID, a group
// file); an unresolved one is reported, never guessed.
import type { OwnerRef } from '../istio/index.ts';

/** Names to ids: the pod's /etc/group (and /etc/passwd for user names) as the user gave them. */
export interface NameTable {
  readonly groups: ReadonlyMap<string, number>;
  readonly users: ReadonlyMap<string, number>;
}

export const NO_NAMES: NameTable = { groups: new Map(), users: new Map() };

export interface Resolved {
  readonly ids: readonly number[];
  /** Names with no id in the table. */
  readonly unresolved: readonly string[];
}

export function resolveOwners(refs: readonly OwnerRef[], table: ReadonlyMap<string, number>): Resolved {
  const ids: number[] = [];
  const unresolved: string[] = [];
  for (const r of refs) {
    if (r.kind === 'id') ids.push(r.id);
    else {
      const id = table.get(r.name);
      if (id === undefined) unresolved.push(r.name);
      else ids.push(id);
    }
  }
  return { ids, unresolved };
}
