// owner `--uid-owner`/`--gid-owner`/`--socket-exists`/`--suppl-groups` (libxt_owner.c, xt_owner.c revision 1).
// iptables resolves user and group names through NSS when it loads the rule; offline only the names the user gives
// (ModuleContext.names: the pod's passwd and group) resolve, and any other name keeps the whole match verbatim as
// unsupported rather than guessing an id.

import type { OwnerCriterion } from '../../../ruleset/index.ts';
import {
  bad,
  bang,
  formatRange,
  type GivenOption,
  given,
  type MatchModule,
  type ModuleContext,
  parseIdRange,
  valueWord,
} from '../../../syntax/index.ts';
import type { MatchKindIptables } from '../../match-kind.ts';

const NAME = /^[A-Za-z_][A-Za-z0-9_.-]*\$?$/;

type Criterion = OwnerCriterion | { readonly unresolved: string } | undefined;

function criterion(
  option: GivenOption | undefined,
  table: ReadonlyMap<string, number> | undefined,
  ctx: ModuleContext,
): Criterion | null {
  if (!option) return undefined;
  const token = valueWord(option);
  const range = parseIdRange(token.text);
  if (range) return { range, negated: option.negated };
  if (NAME.test(token.text)) {
    const id = table?.get(token.text);
    return id === undefined ? { unresolved: token.text } : { range: { from: id, to: id }, negated: option.negated };
  }
  bad(ctx, token, `bad ${option.def.name.slice(2)} ${JSON.stringify(token.text)} (an id or "a-b" range, 0-4294967294)`);
  return null;
}

export const owner: MatchModule = {
  options: [
    { name: '--uid-owner', arity: 1, negatable: true },
    { name: '--gid-owner', arity: 1, negatable: true },
    { name: '--socket-exists', arity: 0, negatable: true },
    { name: '--suppl-groups', arity: 0 },
  ],
  compile(options, ctx) {
    const uid = criterion(given(options, '--uid-owner'), ctx.names?.users, ctx);
    const gid = criterion(given(options, '--gid-owner'), ctx.names?.groups, ctx);
    if (uid === null || gid === null) return undefined;
    const suppl = given(options, '--suppl-groups');
    if (suppl && gid === undefined) {
      ctx.report('illegal-option', suppl.token, '--suppl-groups only applies to --gid-owner, which is missing');
      return undefined;
    }
    if (uid && 'unresolved' in uid) {
      return {
        unmodelled: `user name ${JSON.stringify(uid.unresolved)} has no uid here (iptables resolves it in the pod)`,
      };
    }
    if (gid && 'unresolved' in gid) {
      return {
        unmodelled: `group name ${JSON.stringify(gid.unresolved)} has no gid here (give --group ${gid.unresolved}=GID or --group-file)`,
      };
    }
    const socket = given(options, '--socket-exists');
    return [
      {
        kind: 'owner',
        ...(uid ? { uid } : {}),
        ...(gid ? { gid } : {}),
        ...(socket ? { socketExists: { negated: socket.negated } } : {}),
        ...(suppl ? { supplGroups: true } : {}),
      },
    ];
  },
};

/** libxt_owner: `--uid-owner 1337` or `--uid-owner 1000-2000` (a dash, not a colon). */
function ownerItem(name: string, c: OwnerCriterion | undefined): string[] {
  return c ? [`${bang(c.negated)}${name} ${formatRange(c.range, '-')}`] : [];
}

export const ownerIptables: MatchKindIptables<'owner'> = {
  modules: { owner },
  generic: null,
  // owner_mt_save order: --socket-exists, --uid-owner, --gid-owner, --suppl-groups.
  print: (m) =>
    [
      '-m owner',
      ...(m.socketExists ? [`${bang(m.socketExists.negated)}--socket-exists`] : []),
      ...ownerItem('--uid-owner', m.uid),
      ...ownerItem('--gid-owner', m.gid),
      ...(m.supplGroups ? ['--suppl-groups'] : []),
    ].join(' '),
};
