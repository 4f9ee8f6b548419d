// ::errata: each of the article's claims, the model's verdict per Istio version, and the corrected path.
import type { BlockContent } from 'mdast';
import { ARTICLE_CLAIMS, type Claim, describeActual, judgeClaim } from '../../model/claims/index.ts';
import { inferIntent } from '../../model/invariants/index.ts';
import { CLASSIC_PROFILE, findProfile, PROFILES, profileRuleset } from '../../model/profiles/index.ts';
import { summarize } from '../../model/trace/index.ts';
import { heading, inlineCode, link, list, paragraph, table } from '../mdast.ts';
import type { PageContext } from '../site/context.ts';
import { scenarioTraces } from './analysis.ts';
import { describeRenumbering, renumbering } from './renumbering.ts';

/** The tables cite each version's own rule numbers; the article's are the classic chain's. Say where they differ. */
function numberingBlocks(): BlockContent[] {
  const classic = findProfile(CLASSIC_PROFILE)!;
  const notes = PROFILES.flatMap((p) => {
    const r = renumbering(profileRuleset(classic), profileRuleset(p), 'nat', 'ISTIO_OUTPUT');
    return r ? [describeRenumbering(r, classic.name, p.name)] : [];
  });
  return [
    heading(2, 'Rule numbers in each version'),
    paragraph(
      `The article numbers ISTIO_OUTPUT's rules as Istio 1.5 to 1.17 do (${classic.name} here); the tables above cite each version's own numbers. Where a version's ISTIO_OUTPUT differs from ${classic.name}'s:`,
    ),
    list(notes),
  ];
}

function claimBlocks(ctx: PageContext, claim: Claim): BlockContent[] {
  const rows = PROFILES.map((p) => {
    const trace = scenarioTraces(p).get(claim.scenario)!;
    const v = judgeClaim(claim, p.name, trace, profileRuleset(p));
    const corrected = summarize(trace).map(describeActual).join(' | ');
    return [p.name, v.verdict, v.verdict === 'confirmed' ? '-' : v.reason, corrected];
  });
  return [
    heading(2, `Type ${claim.articleType}: ${claim.scenario}`),
    paragraph('The article: ', inlineCode(claim.quote)),
    table(['Profile', 'Verdict', 'First difference', "The model's path (hop by hop)"], rows),
    paragraph('Full trace: ', link(ctx.href(`traffic/${claim.scenario}.md`), `traffic/${claim.scenario}.md`), '.'),
  ];
}

export function errataBlocks(ctx: PageContext): BlockContent[] {
  const ports = table(
    ['Profile', 'Inbound ports ISTIO_INBOUND lets through', 'Is 15002 among them?'],
    PROFILES.map((p) => {
      const excluded = inferIntent(profileRuleset(p)).inboundExcludedPorts;
      return [p.name, excluded.join(', '), excluded.includes(15002) ? 'yes' : 'no'];
    }),
  );
  return [
    ...ARTICLE_CLAIMS.flatMap((c) => claimBlocks(ctx, c)),
    heading(2, 'The inbound exclusions, per version'),
    paragraph('The article says ports 15002 and 15090 skip Envoy. The rules of each version say:'),
    ports,
    ...numberingBlocks(),
  ];
}
