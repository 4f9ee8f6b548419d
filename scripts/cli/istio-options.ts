// The options that give Istio's capture configuration (three ways in), its version, the DNS servers and the names
// of owner groups. Every command that reads rules takes them; `generate` takes the configuration ones.
import { type Command, InvalidArgumentError, Option } from 'commander';
import { type IstioVersion, parseIstioVersion } from '../../model/istio/index.ts';
import { AddressError, parseAddr } from '../../model/net/index.ts';
import { parseId } from './options.ts';

export interface IstioInputOptions {
  readonly config?: string;
  readonly istioArgs?: string;
  readonly env?: readonly string[];
  readonly dnsServer?: readonly string[];
  readonly pod?: string;
  readonly cni?: boolean;
  readonly istioVersion?: IstioVersion;
  readonly group?: readonly (readonly [string, number])[];
  readonly groupFile?: string;
}

export function parseVersionOption(text: string): IstioVersion {
  const parsed = parseIstioVersion(text);
  if (!parsed.ok) throw new InvalidArgumentError(`${parsed.message}.`);
  return parsed.version;
}

function collectEnv(value: string, previous: readonly string[] = []): string[] {
  if (!/^[A-Za-z_][A-Za-z0-9_]*=/.test(value)) {
    throw new InvalidArgumentError(
      `expected NAME=VALUE (e.g. ISTIO_META_DNS_CAPTURE=true), got ${JSON.stringify(value)}.`,
    );
  }
  return [...previous, value];
}

function collectDnsServer(value: string, previous: readonly string[] = []): string[] {
  try {
    parseAddr(value);
  } catch (e) {
    if (e instanceof AddressError) throw new InvalidArgumentError(`${e.message}.`);
    throw e;
  }
  return [...previous, value];
}

/** `--group java=1000`: a group name of the pod and its gid (iptables resolves names through the pod's /etc/group). */
export function collectGroup(
  value: string,
  previous: readonly (readonly [string, number])[] = [],
): (readonly [string, number])[] {
  const eq = value.lastIndexOf('=');
  const name = value.slice(0, eq);
  if (eq <= 0 || !/^[A-Za-z_][A-Za-z0-9_.-]*\$?$/.test(name)) {
    throw new InvalidArgumentError(`expected NAME=GID (e.g. java=1000), got ${JSON.stringify(value)}.`);
  }
  const gid = parseId(value.slice(eq + 1));
  const other = previous.find(([n]) => n === name);
  if (other && other[1] !== gid)
    throw new InvalidArgumentError(`group ${name} is given twice (${other[1]} and ${gid}).`);
  return [...previous.filter(([n]) => n !== name), [name, gid]];
}

const WAYS_IN = ['config', 'istioArgs', 'pod'];

/** Adds the "Istio configuration:" group; `generateOnly` leaves out what only the pod world needs (group names). */
export function addIstioOptions(cmd: Command, generateOnly = false): Command {
  const others = (self: string) => WAYS_IN.filter((w) => w !== self);
  cmd
    .optionsGroup('Istio configuration:')
    .addOption(
      new Option('--config <file>', "istio-iptables' configuration JSON, as istio-init prints it at start").conflicts(
        others('config'),
      ),
    )
    .addOption(
      new Option(
        '--istio-args <args>',
        'an istio-iptables command line, e.g. \'-p 15001 -z 15006 -u 1337 -m REDIRECT -i "*" -b "*" -d 15090,15021,15020\'',
      ).conflicts(others('istioArgs')),
    )
    .addOption(
      new Option(
        '--pod <file>',
        'a pod manifest (kubectl get pod -o yaml or -o json): annotations, istio-init, istio-proxy',
      ).conflicts(others('pod')),
    )
    .option(
      '--env <NAME=VALUE>',
      "istio-init's environment for --istio-args (repeatable), e.g. ISTIO_META_DNS_CAPTURE=true",
      collectEnv,
    )
    .option(
      '--dns-server <ip>',
      "a nameserver of the pod's /etc/resolv.conf, which DNS capture reads (repeatable)",
      collectDnsServer,
    )
    .option('--cni', 'read --pod as the Istio CNI plugin does (no istio-init container)')
    .option(
      '--istio-version <version>',
      generateOnly
        ? "the Istio version whose generator applies (default: the pod's proxy image, else the newest)"
        : 'the Istio version whose generator and Envoy/pilot-agent behaviour apply (default: inferred from the rules, and printed)',
      parseVersionOption,
    );
  if (!generateOnly) {
    cmd
      .option(
        '--group <NAME=GID>',
        'a group name the rules or the configuration use, and its gid (repeatable)',
        collectGroup,
      )
      .option('--group-file <file>', "the pod's /etc/group, for the group names the rules or the configuration use");
  }
  return cmd.optionsGroup('Options:');
}
