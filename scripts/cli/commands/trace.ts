// `trace`: one connection and everything it causes, as the hop table, a Mermaid diagram or JSON.

import { actorFor, describeConnection } from '../../../model/invariants/index.ts';
import { addrEquals, formatAddr } from '../../../model/net/index.ts';
import { type Connection, type Initiator, type StatusRequest, simulate, type World } from '../../../model/pod/index.ts';
import {
  connectionJson,
  renderTraceText,
  type Trace,
  traceToJson,
  traceToMermaid,
} from '../../../model/trace/index.ts';
import type { EndpointArg } from '../endpoint.ts';
import { CliError, EXIT } from '../exit.ts';
import type { CliIo } from '../io.ts';
import { buildWorld, describeInput, loadRules } from '../load.ts';
import type { OUTSIDE_ACTORS, PodOptions, RulesInputOptions, TRACE_ACTORS } from '../options.ts';
import { inputLines } from '../render/input-text.ts';

export interface TraceCommandOptions extends RulesInputOptions, PodOptions {
  readonly uid?: number;
  readonly gid?: number;
  readonly groups?: readonly number[];
  readonly src?: EndpointArg;
  readonly dst: EndpointArg;
  readonly from?: (typeof OUTSIDE_ACTORS)[number];
  readonly actor?: (typeof TRACE_ACTORS)[number];
  readonly proto: 'tcp' | 'udp';
  readonly request?: StatusRequest;
  readonly mermaid?: boolean;
  readonly json?: boolean;
}

function initiator(world: World, o: TraceCommandOptions): Initiator {
  const { pod } = world;
  if (o.groups !== undefined && o.uid === undefined) {
    throw new CliError('--groups needs --uid (the supplementary groups of a process given by its ids)', true);
  }
  if (o.uid !== undefined || o.gid !== undefined) {
    if (o.uid === undefined) throw new CliError('--gid needs --uid (a process has both)', true);
    const from = actorFor(world, { uid: o.uid, gid: o.gid ?? o.uid });
    return o.groups !== undefined && from.kind === 'pod' ? { ...from, groups: o.groups } : from;
  }
  const who = o.from ?? o.actor ?? 'app';
  switch (who) {
    case 'envoy':
      return { kind: 'pod', actor: 'envoy', ...pod.proxy };
    case 'pilot-agent':
      return { kind: 'pod', actor: 'pilot-agent', ...pod.agent };
    case 'app':
      return { kind: 'pod', actor: 'app', uid: pod.app.uid, gid: pod.app.gid };
    default:
      return { kind: 'outside', actor: who, ...(o.src ? { addr: o.src.addr } : {}) };
  }
}

export function connectionOf(world: World, o: TraceCommandOptions): Connection {
  if (o.src && o.src.family !== o.dst.family) {
    throw new CliError(
      `--src ${formatAddr(o.src.addr)} and --dst ${formatAddr(o.dst.addr)} are of different address families`,
      true,
    );
  }
  const from = initiator(world, o);
  return {
    from,
    protocol: o.proto,
    dst: { addr: o.dst.addr, port: o.dst.port! },
    ...(o.src && from.kind === 'pod' ? { src: o.src.addr } : {}),
    ...(o.src?.port !== undefined ? { sport: o.src.port } : {}),
    ...(o.request ? { request: o.request } : {}),
  };
}

export function traceExitCode(trace: Trace): number {
  if (trace.disposition.kind === 'loop') return EXIT.violated;
  if (trace.disposition.kind === 'undetermined') return EXIT.undetermined;
  return EXIT.ok;
}

export async function runTrace(file: string | undefined, o: TraceCommandOptions, io: CliIo): Promise<number> {
  const rules = await loadRules(file, o, io);
  const pod = buildWorld(rules, o);
  const connection = connectionOf(pod.world, o);
  const dst = formatAddr(o.dst.addr);
  if (o.from && !o.podIp && !pod.world.pod.addresses.some((a) => addrEquals(a, o.dst.addr))) {
    // The likely cause of a surprising answer: a real pod's IP with the model's default pod IP.
    const own = pod.world.pod.addresses.map(formatAddr).join(', ');
    io.stderr.write(
      `hint: ${dst} is not the pod's IP in this model (${own}, the default); if it is this pod's IP, add --pod-ip ${dst}\n`,
    );
  }
  if (o.dst.mappedFrom) {
    io.stderr.write(
      `note: ${o.dst.mappedFrom} is IPv4-mapped: a dual-stack socket connects to it over IPv4, so this traces ${dst}:${o.dst.port} through the IPv4 rules\n`,
    );
  }
  if (!pod.families.includes(o.dst.family)) {
    io.stderr.write(
      `note: ${rules.label} has no ${o.dst.family} rules, so this ${o.dst.family} connection crosses no rule at all\n`,
    );
  }
  const trace = simulate(pod.world, connection);
  const exitCode = traceExitCode(trace);
  if (o.json) {
    const doc = {
      command: 'trace',
      version: 1,
      ...describeInput(rules, pod),
      connection: connectionJson(connection),
      description: describeConnection(connection),
      exitCode,
      trace: traceToJson(trace),
    };
    io.stdout.write(`${JSON.stringify(doc, null, 2)}\n`);
  } else if (o.mermaid) {
    io.stdout.write(traceToMermaid(trace));
  } else {
    const head = [...inputLines(rules, pod), `connection: ${describeConnection(connection)}`, ''];
    io.stdout.write(`${head.join('\n')}\n${renderTraceText(trace)}`);
  }
  return exitCode;
}
