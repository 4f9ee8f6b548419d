// The default injected sidecar's istio-init command line per version, as the injection template renders it for a pod
// without annotations (pkg/kube/inject/testdata/inject/hello.yaml.injected at each X.Y.0 tag of istio/istio):
//   1.4:        -p 15001 -z 15006 -u 1337 -m REDIRECT -i '*' -x "" -b '*' -d 15020
//   1.5, 1.6:   ... -d 15090,15020
//   1.7+:       ... -d 15090,15021,15020        (1.15+ also --log_output_level=default:info, no effect on rules)
// Flags the template does not pass (-g, -e, DNS, drop-invalid) keep istio-iptables' defaults.
import { atLeast, type IstioVersion } from '../version.ts';
import { configFromArgs } from './from-args.ts';
import type { ConfigResult } from './parse.ts';

export function injectedArgs(version: IstioVersion): string[] {
  const exclude = atLeast(version, '1.7') ? '15090,15021,15020' : atLeast(version, '1.5') ? '15090,15020' : '15020';
  const args = [
    '-p',
    '15001',
    '-z',
    '15006',
    '-u',
    '1337',
    '-m',
    'REDIRECT',
    '-i',
    '*',
    '-x',
    '',
    '-b',
    '*',
    '-d',
    exclude,
  ];
  if (atLeast(version, '1.15')) args.push('--log_output_level=default:info');
  return args;
}

/** The default injected sidecar's configuration at a version, for an IPv4 pod without DNS capture. */
export function injectedConfig(version: IstioVersion): ConfigResult {
  return configFromArgs(['istio-iptables', ...injectedArgs(version)], { version, ipv6: false });
}
