// The command tree, declared with commander. Each action loads its command module on demand, so `profiles` does
// not pay for fast-check and `check` does not pay for the docs toolchain. The exit code comes back through `outcome`.
import { Command, InvalidArgumentError, Option } from 'commander';
import { CHECK_FORMATS } from './check-formats.ts';
import type { CheckCommandOptions } from './commands/check.ts';
import type { CounterexampleCommandOptions } from './commands/counterexample.ts';
import type { DiffCommandOptions } from './commands/diff.ts';
import type { DocsCommandOptions } from './commands/docs.ts';
import type { ExplainCommandOptions } from './commands/explain.ts';
import type { GenerateCommandOptions } from './commands/generate.ts';
import type { ProfilesCommandOptions } from './commands/profiles.ts';
import type { TraceCommandOptions } from './commands/trace.ts';
import { parseEndpoint } from './endpoint.ts';
import { exitCodesHelp } from './exit.ts';
import { type CliIo, terminalWidth } from './io.ts';
import { addIstioOptions, collectGroup, parseVersionOption } from './istio-options.ts';
import { TABLE_NAMES } from './names.ts';
import {
  addPodOptions,
  addRulesInput,
  collectInvariants,
  INVARIANT_IDS,
  integer,
  OUTSIDE_ACTORS,
  parseId,
  parseIdList,
  RULES_PROFILE_NAMES,
  TRACE_ACTORS,
} from './options.ts';
import { tidyCommands, wrapHelpText } from './usage.ts';

export interface Outcome {
  code: number;
  /** The subcommand that ran, for printing its usage after a CliError. */
  command?: Command;
}

const TRACE_EXAMPLES = `
Examples:
  sidecar-chains trace --profile istio-1.10 --uid 1000 --gid 1000 --dst 10.250.0.3:8080
  sidecar-chains trace rules.txt --from remote --dst 10.250.0.2:8080
  sidecar-chains trace rules.txt --actor pilot-agent --dst 10.251.0.20:15012 --mermaid
  sidecar-chains trace rules.txt --from kubelet --dst 10.250.0.2:15020 --request app-health
  sidecar-chains trace rules6.txt --actor app --dst '[fd00::1]:8080'`;

const GENERATE_EXAMPLES = `
Examples:
  sidecar-chains generate --config istio-init-config.json
  sidecar-chains generate --istio-args '-p 15001 -z 15006 -u 1337 -m REDIRECT -i "*" -d 15090,15021,15020' --istio-version 1.10 --format iptables-save
  sidecar-chains generate --pod pod.yaml`;

const DIFF_EXAMPLES = `
Examples:
  sidecar-chains diff --old-profile istio-1.14 --new-profile istio-1.18
  sidecar-chains diff before.rules after.rules --json
  sidecar-chains diff --old-profile istio-1.25 pod-dump.txt
  sidecar-chains diff --old-config istio-init-config.json pod-dump.txt
  sidecar-chains diff --old-istio-args '-p 15001 -z 15006 -u 1337 -m REDIRECT -i "*" -d 15090,15021,15020' --new-pod pod.yaml
  sidecar-chains diff --old-profile istio-1.22 --new-profile istio-1.25 --markdown > review.md`;

export function buildProgram(io: CliIo, outcome: Outcome): Command {
  const wrapped = (text: string) => wrapHelpText(text, terminalWidth(io, io.stdout));
  const program = new Command('sidecar-chains')
    .description("Checks an Istio sidecar's iptables rules against a model of the kernel, Envoy and pilot-agent.")
    .exitOverride()
    // commander stops wrapping descriptions narrower than 40 columns; on a narrow terminal wrapping still helps.
    .configureHelp({ minWidthToWrap: 16 })
    .configureOutput({
      writeOut: (s) => io.stdout.write(s),
      writeErr: (s) => io.stderr.write(s),
      getOutHelpWidth: () => terminalWidth(io, io.stdout),
      getErrHelpWidth: () => terminalWidth(io, io.stderr),
    })
    .addHelpText('after', () => wrapped(`\n${exitCodesHelp('sidecar-chains')}`))
    .hook('preAction', (_program, command) => {
      outcome.command = command;
    });

  addIstioOptions(addPodOptions(addRulesInput(program.command('check'))))
    .description('run every invariant (or those named) against the rules and print a verdict for each')
    .option(
      '--invariant <id>',
      `only these invariants (repeatable, or a comma list): ${INVARIANT_IDS.join(', ')}`,
      collectInvariants,
    )
    .addOption(
      new Option('--format <format>', 'text, json (scripts/cli/schema/check.schema.json), sarif (SARIF 2.1.0) or junit')
        .choices(CHECK_FORMATS)
        .default('text'),
    )
    .addOption(new Option('--json', 'the same as --format json').conflicts('format'))
    .option('--baseline <file>', 'accepted findings (see --write-baseline): only findings not in it set the exit code')
    .option('--write-baseline <file>', "write this run's findings as a baseline (the exit code then counts none)")
    .addHelpText('after', () => wrapped(`\n${exitCodesHelp('check')}`))
    .action(async (file: string | undefined, o: CheckCommandOptions) => {
      const { runCheck } = await import('./commands/check.ts');
      outcome.code = await runCheck(file, o, io);
    });

  addIstioOptions(addPodOptions(addRulesInput(program.command('trace'))))
    .description('follow one connection and everything it causes through the rules, Envoy and pilot-agent')
    .addOption(
      new Option('--uid <uid>', 'a process in the pod with this uid').argParser(parseId).conflicts(['from', 'actor']),
    )
    .addOption(
      new Option('--gid <gid>', 'and this gid (default: the uid)').argParser(parseId).conflicts(['from', 'actor']),
    )
    .addOption(
      new Option('--groups <gids>', 'and these supplementary groups, a comma list (for `--gid-owner G --suppl-groups`)')
        .argParser(parseIdList)
        .conflicts(['from', 'actor']),
    )
    .addOption(
      new Option('--from <who>', 'someone outside the pod, arriving on its interface')
        .choices(OUTSIDE_ACTORS)
        .conflicts('actor'),
    )
    .addOption(
      new Option('--actor <who>', "a process or peer with the world's identity for it (default: app)").choices(
        TRACE_ACTORS,
      ),
    )
    .option('--src <ip[:port]>', 'the address (and port) the connection comes from', (v) => parseEndpoint(v, false))
    .requiredOption('--dst <ip:port>', 'where it connects to; IPv6 as [addr]:port', (v) => parseEndpoint(v, true))
    .addOption(new Option('--proto <proto>', 'transport protocol').choices(['tcp', 'udp']).default('tcp'))
    .addOption(
      new Option('--request <what>', "what a request to pilot-agent's status port 15020 asks for").choices([
        'metrics',
        'app-health',
        'ready',
      ]),
    )
    .addOption(new Option('--mermaid', 'print a Mermaid sequence diagram instead of the hop table').conflicts('json'))
    .option('--json', 'print one JSON document (scripts/cli/schema/trace.schema.json)')
    .addHelpText('after', () => wrapped(`${TRACE_EXAMPLES}\n\n${exitCodesHelp('trace')}`))
    .action(async (file: string | undefined, o: TraceCommandOptions) => {
      const { runTrace } = await import('./commands/trace.ts');
      outcome.code = await runTrace(file, o, io);
    });

  addIstioOptions(addPodOptions(addRulesInput(program.command('explain'))))
    .description('what one rule matches, which scenarios reach it, and whether it is dead')
    .addOption(new Option('--table <table>', 'the table').choices(TABLE_NAMES).default('nat'))
    .requiredOption('--chain <chain>', 'the chain, e.g. ISTIO_OUTPUT')
    .requiredOption('--rule <n>', 'the 1-based rule number in the chain', integer('a rule number', 1, 1_000_000))
    .option('--json', 'print one JSON document (scripts/cli/schema/explain.schema.json)')
    .addHelpText('after', () =>
      wrapped(
        `\nExample:\n  sidecar-chains explain --profile istio-1.10 --chain ISTIO_OUTPUT --rule 4\n\n${exitCodesHelp('explain')}`,
      ),
    )
    .action(async (file: string | undefined, o: ExplainCommandOptions) => {
      const { runExplain } = await import('./commands/explain.ts');
      outcome.code = await runExplain(file, o, io);
    });

  addPodOptions(
    program
      .command('diff')
      .description('which connections change fate between two rulesets in the same pod, proved over every packet class')
      .optionsGroup('Rules:')
      .argument('[OLD]', 'the old rules (a FILE in any format check reads; - reads standard input)')
      .argument('[NEW]', 'the new rules')
      .addOption(new Option('--old-profile <name>', 'a built-in profile as the old rules').choices(RULES_PROFILE_NAMES))
      .addOption(new Option('--new-profile <name>', 'a built-in profile as the new rules').choices(RULES_PROFILE_NAMES))
      .optionsGroup('Configuration sides (the rules the configuration generates):')
      .option('--old-config <file>', "istio-iptables' configuration JSON whose generated rules are the old side")
      .option('--new-config <file>', "istio-iptables' configuration JSON whose generated rules are the new side")
      .option('--old-istio-args <args>', 'an istio-iptables command line whose generated rules are the old side')
      .option('--new-istio-args <args>', 'an istio-iptables command line whose generated rules are the new side')
      .option('--old-pod <file>', 'a pod manifest (kubectl get pod -o yaml or -o json) whose rules are the old side')
      .option('--new-pod <file>', 'a pod manifest whose rules are the new side')
      .option(
        '--old-istio-version <version>',
        "the old side's Istio version: its generator, and its Envoy/pilot-agent behaviour (default: the pod's proxy image or the newest for a configuration, inferred from the rules for a FILE)",
        parseVersionOption,
      )
      .option(
        '--new-istio-version <version>',
        "the new side's Istio version (as --old-istio-version)",
        parseVersionOption,
      )
      .addOption(
        new Option(
          '--backend <backend>',
          "the generator of the configuration sides: iptables, or Istio's native nftables (1.27+)",
        ).choices(['iptables', 'nftables']),
      )
      .option(
        '--group <NAME=GID>',
        'a group name the rules or the configurations use, and its gid (repeatable)',
        collectGroup,
      )
      .option('--group-file <file>', "the pod's /etc/group, for the group names the rules or the configurations use")
      .optionsGroup('Rules:')
      .addOption(
        new Option('--family <family>', 'compare only this family (default: every family both sides hold)').choices([
          'ipv4',
          'ipv6',
        ]),
      )
      .option(
        '--max-issues <n>',
        'how many parse errors to show when the rules are malformed (default 20; 0 shows all)',
        integer('a count', 0, Number.MAX_SAFE_INTEGER),
      ),
  )
    .addOption(
      new Option('--json', 'print one JSON document (scripts/cli/schema/diff.schema.json)').conflicts('markdown'),
    )
    .option(
      '--markdown',
      'print a review report to paste into a pull request: summary, per group what changed with before/after Mermaid sequence diagrams, and the rules added, removed or moved',
    )
    .addHelpText('after', () => wrapped(`${DIFF_EXAMPLES}\n\n${exitCodesHelp('diff')}`))
    .action(async (oldFile: string | undefined, newFile: string | undefined, o: DiffCommandOptions) => {
      const { runDiff } = await import('./commands/diff.ts');
      const files = [oldFile, newFile].filter((f): f is string => f !== undefined);
      outcome.code = await runDiff(files, o, io);
    });

  program
    .command('profiles')
    .description('list the built-in Istio version profiles')
    .option('--json', 'print one JSON document (scripts/cli/schema/profiles.schema.json)')
    .addOption(
      new Option(
        '--print <name>',
        "print one profile's rules as iptables-save (a native nftables profile's as nft -f input)",
      )
        .choices(RULES_PROFILE_NAMES)
        .conflicts('json'),
    )
    .action(async (o: ProfilesCommandOptions) => {
      const { runProfiles } = await import('./commands/profiles.ts');
      outcome.code = await runProfiles(o, io);
    });

  addIstioOptions(program.command('generate'), true)
    .description(
      "the rules istio-iptables writes for a configuration, at an Istio version (Istio's dry-run form by default)",
    )
    .addOption(
      new Option(
        '--format <format>',
        "dry-run: the commands istio-iptables --dry-run logs (Istio's goldens); iptables-save: the resulting tables",
      )
        .choices(['dry-run', 'iptables-save'])
        .default('dry-run'),
    )
    .addOption(
      new Option('--backend <backend>', "iptables, or Istio's native nftables (1.27+; its nft -f transaction)")
        .choices(['iptables', 'nftables'])
        .default('iptables'),
    )
    .addHelpText('after', () => wrapped(`${GENERATE_EXAMPLES}\n\n${exitCodesHelp('generate')}`))
    .action(async (o: GenerateCommandOptions) => {
      const { runGenerate } = await import('./commands/generate.ts');
      outcome.code = await runGenerate(o, io);
    });

  program
    .command('docs')
    .description('regenerate generated/ from docs-src/ (same as npm run docs)')
    .option('--check', 'write nothing; exit 1 and list the stale files if generated/ is out of date')
    .option('--no-svg', 'do not render SVG diagrams')
    .action(async (o: DocsCommandOptions) => {
      const { runDocs } = await import('./commands/docs.ts');
      outcome.code = await runDocs(o, io);
    });

  addIstioOptions(addPodOptions(addRulesInput(program.command('counterexample'))))
    .description('search for a counterexample to one invariant with fast-check and write it as a Markdown page')
    .requiredOption(
      '--invariant <id>',
      `the invariant: ${INVARIANT_IDS.filter((i) => i !== 'dead-rules').join(', ')}`,
      collectInvariants,
    )
    .option('--out <dir>', 'where to write the page', 'generated/counterexamples')
    .option('--seed <n>', 'fast-check seed (default: FC_SEED or the project seed)', integer('a seed', 0, 2 ** 31 - 1))
    .option('--path <path>', "replay a recorded failure (fast-check's path, e.g. 12:0:3)", (v) => {
      if (!/^\d+(:\d+)*$/.test(v)) {
        throw new InvalidArgumentError(
          `expected fast-check's replay path (numbers joined by ":"), got ${JSON.stringify(v)}.`,
        );
      }
      return v;
    })
    .option('--runs <n>', 'how many connections to try (default 1000)', integer('a run count', 1, 10_000_000))
    .addHelpText('after', () => wrapped(`\n${exitCodesHelp('counterexample')}`))
    .action(async (file: string | undefined, o: CounterexampleCommandOptions) => {
      const { runCounterexample } = await import('./commands/counterexample.ts');
      outcome.code = await runCounterexample(file, o, io);
    });

  tidyCommands(program);
  return program;
}
