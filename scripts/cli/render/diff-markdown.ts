// `diff --markdown`: the review report (docs-gen's diffReport) from what diff found, with the groups numbered as the
// text output numbers them. It needs the docs toolchain (remark), like `counterexample --markdown`.
import { ruleWhere } from '../../../model/review/index.ts';
import { type DiffOutcome, diffExitCode, shownGroups, shownNumber } from '../diff-outcome.ts';
import { loadDocsToolchain } from '../docs-toolchain.ts';

export async function renderDiffMarkdown(o: DiffOutcome): Promise<string> {
  const { diffReport } = await loadDocsToolchain();
  const code = diffExitCode(o.diffs);
  return diffReport({
    old: o.before.rules.label,
    new: o.after.rules.label,
    verdict: code === 0 ? 'equivalent' : code === 1 ? 'differs' : 'undetermined',
    families: o.diffs.map((d, i) => ({
      diff: d,
      groups: shownGroups(d),
      rules: (o.rules[i] ?? []).map((e) => ({
        change: e.change,
        where: ruleWhere(e.change),
        groups: e.groups.map((g) => ({ n: shownNumber(d, g.group), how: g.how })).sort((x, y) => x.n - y.n),
      })),
    })),
  });
}
