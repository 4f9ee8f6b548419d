// Reads the configuration a command was given (--config, --istio-args with --env and --dns-server, --pod with
// --cni) and the group names (--group, --group-file). File reading and YAML stay here; the model reads objects.
import { resolve } from 'node:path';
import type { NameTable } from '../../model/configured/index.ts';
import {
  type ConfigIssue,
  type ConfigResult,
  configFromArgs,
  configFromJson,
  configFromPod,
  formatConfigIssue,
  hasConfigErrors,
  type IstioConfig,
  type IstioVersion,
} from '../../model/istio/index.ts';
import { CliError } from './exit.ts';
import { type CliIo, readTextFile } from './io.ts';
import type { IstioInputOptions } from './istio-options.ts';

export interface GivenConfig {
  /** Which way in. */
  readonly source: 'config' | 'istio-args' | 'pod';
  /** The file as given, or `--istio-args`. */
  readonly label: string;
  readonly config: IstioConfig;
  /** A version the input itself names (the pod's istio-proxy image tag). */
  readonly imageVersion?: IstioVersion;
  /** The pod's reading: istio-init's args or the CNI plugin's. */
  readonly mode?: 'init' | 'cni';
  /** Warnings about the input (ignored env variables, fields the version does not read, …). */
  readonly warnings: readonly string[];
}

async function readFileArg(file: string, what: string, io: CliIo): Promise<string> {
  try {
    return await readTextFile(resolve(io.cwd, file));
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a directory' : (e as Error).message;
    throw new CliError(`cannot read ${what} ${file}: ${why}`);
  }
}

function settle(result: ConfigResult, label: string): { config: IstioConfig; warnings: string[] } {
  const shown = (issues: readonly ConfigIssue[]) => issues.map((i) => `${label}: ${formatConfigIssue(i)}`);
  if (hasConfigErrors(result.issues) || !result.config) {
    const errors = result.issues.filter((i) => i.severity === 'error');
    throw new CliError(`${shown(errors).join('\n')}\n${label}: the configuration is not valid`);
  }
  return { config: result.config, warnings: shown(result.issues) };
}

async function parseManifest(text: string, file: string): Promise<unknown> {
  // Loaded here, not at start: yaml is 70-odd modules that only --pod needs (check --profile paid ~25 ms for it).
  const { parse: parseYaml } = await import('yaml');
  try {
    // JSON is YAML; one parser reads both (kubectl get pod -o json or -o yaml).
    return parseYaml(text, { prettyErrors: true });
  } catch (e) {
    throw new CliError(`${file}: not YAML or JSON: ${(e as Error).message}`);
  }
}

export async function readGivenConfig(o: IstioInputOptions, io: CliIo): Promise<GivenConfig | undefined> {
  if (o.env && !o.istioArgs) throw new CliError("--env applies to --istio-args (istio-init's environment)", true);
  if (o.cni && !o.pod) throw new CliError('--cni applies to --pod (how the CNI plugin reads the pod)', true);
  if (o.dnsServer && !o.istioArgs && !o.pod) {
    throw new CliError('--dns-server applies to --istio-args or --pod (--config holds DNS_SERVERS_V4/V6 itself)', true);
  }
  const version = o.istioVersion;
  if (o.config !== undefined) {
    const text = await readFileArg(o.config, 'the configuration', io);
    const r = settle(configFromJson(text, version ? { version } : {}), o.config);
    return { source: 'config', label: o.config, ...r };
  }
  if (o.istioArgs !== undefined) {
    const env = (o.env ?? []).map((e) => {
      const eq = e.indexOf('=');
      return { name: e.slice(0, eq), value: e.slice(eq + 1) };
    });
    const result = configFromArgs(o.istioArgs, {
      env,
      ...(version ? { version } : {}),
      ...(o.dnsServer ? { dnsServers: o.dnsServer } : {}),
    });
    return { source: 'istio-args', label: '--istio-args', ...settle(result, '--istio-args') };
  }
  if (o.pod !== undefined) {
    const manifest = await parseManifest(await readFileArg(o.pod, 'the pod manifest', io), o.pod);
    const result = configFromPod(manifest, {
      ...(version ? { version } : {}),
      ...(o.cni ? { cni: true } : {}),
      ...(o.dnsServer ? { dnsServers: o.dnsServer } : {}),
    });
    const r = settle(result, o.pod);
    return {
      source: 'pod',
      label: o.pod,
      ...r,
      ...(result.imageVersion ? { imageVersion: result.imageVersion.version } : {}),
      ...(result.mode ? { mode: result.mode } : {}),
    };
  }
  return undefined;
}

/** /etc/group lines: `name:password:gid:members`; comments and blank lines skipped. */
export function parseGroupFile(text: string, file: string): Map<string, number> {
  const groups = new Map<string, number>();
  text.split('\n').forEach((line, i) => {
    const trimmed = line.trim();
    if (trimmed === '' || trimmed.startsWith('#')) return;
    const fields = trimmed.split(':');
    const gid = fields[2];
    if (fields.length < 3 || !fields[0] || !gid || !/^\d+$/.test(gid)) {
      throw new CliError(
        `${file}:${i + 1}: not an /etc/group line (name:password:gid:members): ${JSON.stringify(line)}`,
      );
    }
    if (!groups.has(fields[0])) groups.set(fields[0], Number(gid));
  });
  return groups;
}

export async function readNames(o: IstioInputOptions, io: CliIo): Promise<NameTable> {
  const groups = o.groupFile
    ? parseGroupFile(await readFileArg(o.groupFile, 'the group file', io), o.groupFile)
    : new Map();
  // --group wins over the file: it is the more specific statement.
  for (const [name, gid] of o.group ?? []) groups.set(name, gid);
  return { groups, users: new Map() };
}
