// The configuration and version a command worked with, for people (lines under the header) and as JSON (the
// document's `istio` object): given or inferred, the istio-iptables command line, the versions that write exactly
// these rules, and the drift, bounded so a foreign dump does not print hundreds of lines.
import type { WorldDiff } from '../../../model/classes/index.ts';
import type { Setup } from '../../../model/configured/index.ts';
import { describeConnection } from '../../../model/invariants/index.ts';
import { configToJson, describeDrift, describeDriftItem, formatRange } from '../../../model/istio/index.ts';
import type { Session } from '../session.ts';

/** Drift lines shown in text; the JSON has them all. */
const SHOWN_DRIFT = 12;

function configLine(session: Session, setup: Setup): string {
  const cmd = setup.commandLine;
  if (!cmd) return `istio:   no Istio configuration: ${setup.notes[0] ?? 'nothing could be read from the rules'}`;
  const dns = cmd.dnsServers.length > 0 ? ` (DNS servers ${cmd.dnsServers.join(', ')})` : '';
  switch (setup.configSource) {
    case 'given':
      return `istio:   configuration from ${session.given!.label}${session.given!.mode === 'cni' ? " (the CNI plugin's reading)" : ''}: ${cmd.text}${dns}`;
    case 'inferred':
      return `istio:   configuration read back from the rules: ${cmd.text}${dns}`;
    default:
      return `istio:   no configuration reproduces the rules exactly; the nearest: ${cmd.text}${dns}`;
  }
}

/** Drift's behavioural part in a few lines: which traffic changes fate between the generated rules and the dump. */
function behaviourLines(diffs: readonly WorldDiff[]): string[] {
  const out: string[] = [];
  for (const d of diffs) {
    const fate = d.groups.filter((g) => !g.exitRuleOnly);
    const proof =
      d.sampled !== null
        ? `sampled: ${d.sampled}`
        : d.undetermined > 0
          ? `${d.undetermined} classes undetermined`
          : `proved over ${d.classes} classes`;
    if (fate.length === 0) {
      out.push(
        `  ${d.family}: no traffic changes fate because of the drift (${proof}); the difference is textual only`,
      );
      continue;
    }
    const changed = fate.reduce((s, g) => s + g.classes, 0);
    out.push(`  ${d.family}: ${changed} of ${d.classes} classes change fate (${proof}):`);
    for (const g of fate) {
      out.push(
        `    ${g.change}  (${g.classes} class${g.classes === 1 ? '' : 'es'}), e.g. ${describeConnection(g.example)}`,
      );
    }
  }
  return out.length > 0
    ? ['drift behaviour (the generated rules against these, as `diff` compares them):', ...out]
    : [];
}

export function setupLines(session: Session, behaviour?: readonly WorldDiff[]): string[] {
  const setup = session.pod.setup;
  if (!setup) return [];
  const out = [configLine(session, setup), `version: ${setup.versionWhy}`];
  const drift = setup.drift;
  if (drift && drift.items.length > 0) {
    const n = drift.items.length;
    const against = setup.configSource === 'given' ? 'the given configuration' : 'that configuration';
    out.push(`drift:   ${n} difference${n === 1 ? '' : 's'} from what ${against} generates at Istio ${setup.version}:`);
    for (const item of drift.items.slice(0, SHOWN_DRIFT)) out.push(`  ${describeDriftItem(item)}`);
    if (n > SHOWN_DRIFT) out.push(`  … and ${n - SHOWN_DRIFT} more (--json lists them all)`);
    out.push(...behaviourLines(behaviour ?? []));
  }
  if (drift) {
    // describeDrift's last lines are its notInDump notes (nft's words for native rules), after one line per item.
    for (const line of describeDrift(drift).slice(drift.items.length)) out.push(`note:    ${line}`);
  }
  for (const note of [...(setup.commandLine ? setup.notes : setup.notes.slice(1)), ...session.pod.notes]) {
    out.push(`note:    ${note}`);
  }
  for (const g of session.unresolvedGroups) {
    out.push(
      `note:    owner group ${JSON.stringify(g)} is not resolved: give --group ${g}=GID or --group-file (its rules stay undetermined)`,
    );
  }
  return out;
}

function behaviourJson(d: WorldDiff) {
  return {
    family: d.family,
    classes: d.classes,
    sampled: d.sampled,
    undetermined: d.undetermined,
    groups: d.groups.map((g) => ({
      change: g.change,
      exitRuleOnly: g.exitRuleOnly,
      classes: g.classes,
      description: describeConnection(g.example),
    })),
  };
}

export function setupJson(session: Session, behaviour?: readonly WorldDiff[]) {
  const setup = session.pod.setup;
  if (!setup) return null;
  return {
    source: setup.configSource ?? 'none',
    ...(session.given
      ? {
          input: {
            kind: session.given.source,
            name: session.given.label,
            ...(session.given.mode ? { mode: session.given.mode } : {}),
          },
        }
      : {}),
    version: setup.version,
    versionSource: setup.versionSource,
    versionWhy: setup.versionWhy,
    versionRanges: setup.ranges.map((r) => ({ from: r.from, to: r.to, text: formatRange(r) })),
    commandLine: setup.commandLine
      ? {
          text: setup.commandLine.text,
          args: setup.commandLine.args,
          env: setup.commandLine.env,
          dnsServers: setup.commandLine.dnsServers,
        }
      : null,
    config: setup.config ? configToJson(setup.config) : null,
    drift: setup.drift
      ? {
          exact: setup.drift.items.length === 0,
          items: setup.drift.items.map((item) => ({ ...item, text: describeDriftItem(item) })),
          notInDump: setup.drift.notInDump,
          ...(behaviour ? { behaviour: behaviour.map(behaviourJson) } : {}),
        }
      : null,
    notes: [...setup.notes, ...session.pod.notes],
    unresolvedGroups: session.unresolvedGroups,
  };
}
