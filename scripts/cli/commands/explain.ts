// `explain`: one rule in words (model/explain/rule.ts does the work; this prints it).
import { explainRule, type RuleExplanation } from '../../../model/explain/index.ts';
import type { TableName } from '../../../model/rules/index.ts';
import { CliError, EXIT } from '../exit.ts';
import { type CliIo, painter } from '../io.ts';
import type { IstioInputOptions } from '../istio-options.ts';
import { describeInput, type LoadedRules } from '../load.ts';
import type { PodOptions, RulesInputOptions } from '../options.ts';
import { inputLines } from '../render/input-text.ts';
import { setupJson, setupLines } from '../render/istio-setup.ts';
import { loadSession } from '../session.ts';

export interface ExplainCommandOptions extends RulesInputOptions, PodOptions, IstioInputOptions {
  readonly table: TableName;
  readonly chain: string;
  readonly rule: number;
  readonly json?: boolean;
}

function renderExplanation(e: RuleExplanation, rules: LoadedRules, io: CliIo): string[] {
  const paint = painter(io, io.stdout);
  const where = e.pos && rules.source !== 'profile' ? `, line ${e.pos.line} of ${rules.label}` : '';
  const out = [
    paint('bold', `${e.table} ${e.chain} rule ${e.index} (${e.family}${where})`),
    `  ${e.rule}`,
    '',
    `matches    ${e.matches}`,
    `target     ${e.target || '(none: the rule only counts packets)'}`,
    `purpose    ${e.purpose}`,
  ];
  if (e.scenarios.length === 0) {
    const v6 = e.family === 'ipv6' ? ' (the scenarios are IPv4 connections)' : '';
    out.push(`scenarios  none of the ${e.scenariosRun} scenarios reaches this rule${v6}`);
  } else {
    out.push(`scenarios  ${e.scenarios.length} of the ${e.scenariosRun} scenarios reach this rule:`);
    const rows = e.scenarios.map((s) => [s.id, `hop${s.hops.length === 1 ? '' : 's'} ${s.hops.join(', ')}`, s.title]);
    const idWidth = Math.max(...rows.map((r) => r[0]!.length));
    const hopWidth = Math.max(...rows.map((r) => r[1]!.length));
    for (const [id, hops, title] of rows) out.push(`  ${id!.padEnd(idWidth)}  ${hops!.padEnd(hopWidth)}  ${title}`);
  }
  out.push(
    e.dead
      ? `dead       ${paint('yellow', 'yes')}: ${e.dead.explanation}`
      : e.cannotTell
        ? `dead       ${paint('yellow', 'cannot tell')}: no walk reached it, but ${e.cannotTell}`
        : 'dead       no: some connection of the domain reaches it',
  );
  return out;
}

export async function runExplain(file: string | undefined, o: ExplainCommandOptions, io: CliIo): Promise<number> {
  const session = await loadSession(file, o, io);
  const { rules, pod } = session;
  const result = explainRule(pod.world, {
    table: o.table,
    chain: o.chain,
    index: o.rule,
    family: o.family ?? pod.families[0]!,
  });
  if (!result.ok) throw new CliError(`${rules.label}: ${result.message}`);
  if (o.json) {
    const doc = {
      command: 'explain',
      version: 1,
      ...describeInput(rules, pod),
      istio: setupJson(session),
      explanation: result.value,
    };
    io.stdout.write(`${JSON.stringify(doc, null, 2)}\n`);
  } else {
    io.stdout.write(
      `${[...inputLines(rules, pod), ...setupLines(session), '', ...renderExplanation(result.value, rules, io)].join('\n')}\n`,
    );
  }
  return EXIT.ok;
}
