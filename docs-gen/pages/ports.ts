// ::ports: the model's port table, with where each version's rules let the port through uncaptured.
import type { BlockContent } from 'mdast';
import { inferIntent } from '../../model/invariants/index.ts';
import { PORT_TABLE } from '../../model/pod/index.ts';
import { PROFILES, profileRuleset } from '../../model/profiles/index.ts';
import { table } from '../mdast.ts';

export function portsBlocks(): BlockContent[] {
  const excluded = PROFILES.map((p) => ({ name: p.name, ports: inferIntent(profileRuleset(p)).inboundExcludedPorts }));
  return [
    table(
      ['Port', 'Owner', 'Bound to', 'What it does', 'Inbound capture skips it in', 'Defined in (Istio)'],
      PORT_TABLE.map((p) => {
        const where = excluded.filter((e) => e.ports.includes(p.port)).map((e) => e.name);
        return [
          String(p.port),
          p.owner,
          p.bound,
          p.purpose,
          where.length > 0 ? where.join(', ') : 'no profile',
          p.source,
        ];
      }),
    ),
  ];
}
