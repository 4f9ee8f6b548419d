// ::kernel-fuzz-report: the differential fuzzer's figures (random rulesets on both iptables backends), rendered from
// generated/kernel-fuzz.json (written by `npm run fuzz`), with the machine of the last run in a region the freshness
// check skips (kernel-fuzz.machine.json).
import type { BlockContent } from 'mdast';
import { FUZZ_FILE, FUZZ_MACHINE_FILE, type FuzzFigures, type FuzzFiles } from '../../oracle/index.ts';
import { code, heading, inlineCode, link, paragraph, table } from '../mdast.ts';
import type { PageContext } from '../site/context.ts';
import { machineRegion } from '../site/machine-facts.ts';
import { BACKEND_NAMES } from './oracle-words.ts';

const cells = (f: FuzzFigures) =>
  [f.rulesets, f.loadedBoth, f.refusedBoth, f.loadDisagree, f.connections, f.agree, f.undetermined, f.disagree].map(
    String,
  );

export function kernelFuzzBlocks(ctx: PageContext, files: FuzzFiles): BlockContent[] {
  const r = files.results;
  const m = files.machine;
  const machine = machineRegion([
    m
      ? paragraph(
          `Last fuzzed on Linux ${m.kernel} with Node ${m.node} in ${m.seconds} s (`,
          m.backends.map((b) => `${BACKEND_NAMES[b.backend]} ${b.connectionsPerSecond} connections/s`).join(', '),
          '; from ',
          link(ctx.href(FUZZ_MACHINE_FILE), FUZZ_MACHINE_FILE),
          ').',
        )
      : paragraph(`The machine of the last fuzzer run is not recorded (no ${FUZZ_MACHINE_FILE}).`),
  ]);
  const head = heading(2, 'Differential fuzzing');
  if (!r) {
    return [
      head,
      ...machine,
      paragraph(`No fuzzer results on this checkout (no ${FUZZ_FILE}): run npm run fuzz as root.`),
    ];
  }
  const rows = r.backends.flatMap((b) => [
    [BACKEND_NAMES[b.backend], 'both', ...cells(b.figures)],
    ...Object.entries(b.families).map(([family, f]) => ['', family, ...cells(f)]),
  ]);
  const counterexamples = r.backends.flatMap((b) =>
    b.counterexamples.flatMap((c) => [
      paragraph(`${BACKEND_NAMES[b.backend]}, ${c.family} (seed ${c.seed}, path ${c.path}): ${c.what}`),
      code('text', `${c.rules.trimEnd()}\n${c.connections.map((x) => `# connection: ${x}`).join('\n')}`),
    ]),
  );
  return [
    head,
    paragraph(
      'Random small raw, mangle and nat rulesets (IPv4 and IPv6, jumps and gotos, owner with ranges, negations and ',
      'supplementary groups, marks and connmarks, ctstate, interfaces with wildcards, port ranges in NAT targets, and a ',
      'few rulesets iptables refuses), each with connections chosen near its constants, replayed in namespaces and ',
      "observed with the kernel's own trace (nft monitor trace; TRACE over nfnetlink_log for legacy). Each ruleset's ",
      "load verdict (iptables-restore's exit status against the model's parse) and each connection's first-packet hits ",
      'and outcome are compared. A connection is undetermined when the model says so, or when the kernel timed out ',
      'where a DROP or CT --notrack in raw or mangle may have met a later packet of the handshake, which the model ',
      'does not follow. ',
      'Read from ',
      link(ctx.href(FUZZ_FILE), FUZZ_FILE),
      ', which ',
      inlineCode(r.producer),
      ` writes: seed ${r.seed}, ${r.rulesetsPerFamily} rulesets per family and backend, up to `,
      `${r.connectionsPerRuleset} connections each.`,
    ),
    ...machine,
    table(
      [
        'backend',
        'family',
        'rulesets',
        'loaded by both',
        'refused by both',
        'load disagreements',
        'connections',
        'agree',
        'undetermined',
        'disagree',
      ],
      rows,
    ),
    ...(counterexamples.length > 0 ? [heading(3, 'Shrunk counterexamples'), ...counterexamples] : []),
  ];
}
