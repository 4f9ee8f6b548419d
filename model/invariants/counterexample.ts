// A counterexample a reviewer can read: the invariant, the (shrunk) connection, the whole trace as a table and as a
// Mermaid sequence diagram, and how to replay it.
import type { Connection } from '../pod/index.ts';
import { addrText, ep, renderTraceText, type Trace, traceToMermaid } from '../trace/index.ts';

/** How to find a counterexample again. */
export interface Replay {
  readonly seed: number;
  /** fast-check's path to the shrunk value, when the search recorded one. */
  readonly path?: string;
  /**
   * The command that finds it again, given by the caller that knows how the rules and pod were named: the CLI's
   * `sidecar-chains counterexample … --seed S --path P` (scripts/cli/commands/counterexample.ts), the only thing that
   * takes a path; FC_SEED replays a whole test run, not one counterexample.
   */
  readonly command: string;
}

export interface CounterexampleView {
  readonly invariant: { readonly id: string; readonly statement: string };
  readonly connection: Connection;
  readonly trace: Trace;
  readonly why: string;
  /** What the rules are: a profile name or a file. */
  readonly rules: string;
  readonly replay?: Replay;
}

export function describeConnection(c: Connection): string {
  const who =
    c.from.kind === 'pod'
      ? `${c.from.actor} (uid/gid ${c.from.uid}/${c.from.gid}) in the pod`
      : `${c.from.actor}${c.from.addr ? ` (${addrText(c.from.addr)})` : ''} outside the pod`;
  const bind = c.src ? ` from ${addrText(c.src)}` : '';
  const request = c.request ? ` [${c.request}]` : '';
  return `${who}${bind} -> ${ep(c.dst)}/${c.protocol}${request}`;
}

const replayLine = (r: Replay | undefined): string => (r ? `replay: ${r.command}` : '');

export function renderCounterexampleText(v: CounterexampleView): string {
  return [
    `invariant ${v.invariant.id} violated: ${v.invariant.statement}`,
    `rules: ${v.rules}`,
    `connection: ${describeConnection(v.connection)}`,
    `why: ${v.why}`,
    replayLine(v.replay),
    '',
    renderTraceText(v.trace).trimEnd(),
    '',
    'mermaid:',
    traceToMermaid(v.trace).trimEnd(),
  ]
    .filter((line, i) => line !== '' || i > 4)
    .join('\n');
}
