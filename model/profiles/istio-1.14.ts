// Istio 1.14: the default injected sidecar's nat table (istio-init, REDIRECT mode, IPv4) with that release's Envoy and
// pilot-agent behaviour, and the facts the tests hold it to. The rules text says where it was reconstructed from.

import { DEFAULT_INJECTION_NOT_APPLICABLE } from './default-injection.ts';
import { DNS_CAPTURE_OFF } from './dns-off.ts';
import { MODERN_INBOUND } from './inbound.ts';
import type { Profile } from './types.ts';

export const ISTIO_1_14: Profile<'istio-1.14'> = {
  name: 'istio-1.14',
  version: '1.14',
  summary: 'SSH port 22 no longer excluded',
  envoy: {
    version: '1.14',
    ...MODERN_INBOUND,
    excludedInboundPorts: [15008, 15090, 15021, 15020],
    tunnelPort: 15008,
    healthPort: 15021,
  },
  violates: {
    'tunnel-bypass':
      "ISTIO_OUTPUT rule 2 sends the proxy's own loopback connections to the 15008 tunnel port to 15006; 1.18 added '! --dport 15008' to rules 2 and 5 (istio/istio 57f3b2bab3c, #43414)",
  },
  notApplicable: { ...DEFAULT_INJECTION_NOT_APPLICABLE, ...DNS_CAPTURE_OFF },
  rulesText: `# Istio 1.14.0 -- DEFAULT injected sidecar (istio-init, REDIRECT mode, IPv4), nat table
# Reconstructed from: istio/istio tag 1.14.0, commit 3aa487bb6ec8cb8bb7c736423f3a4857d1a81263
#   rule generator : tools/istio-iptables/pkg/capture/run.go
#   injected args  : pkg/kube/inject/testdata/inject/hello.yaml.injected (same commit)
#   args: -p 15001 -z 15006 -u 1337 -m REDIRECT -i '*' -x '' -b '*' -d 15090,15021,15020
# Cross-check: cni/pkg/plugin/testdata/basic.txt.golden @1.14.0 (CNI adds an extra '-p tcp --dport 15020 -j RETURN' at the top of
# ISTIO_OUTPUT and orders inbound exclusions 15020,15021,15090; otherwise identical).
# ISTIO_OUTPUT: the same 9 rules as 1.5. SSH/22 exclusion removed in 1.13 (f1f7487b9cb, #36312).
# Rendering: canonical iptables-save (legacy) form: -s/-d/-i/-o/-p first, implicit "-m tcp" before
# --dport, REDIRECT printed as --to-ports; user chains listed alphabetically (iptables-nft lists them
# in creation order). Packet/byte counters zeroed. filter/mangle/raw untouched in this config.
*nat
:PREROUTING ACCEPT [0:0]
:INPUT ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
:POSTROUTING ACCEPT [0:0]
:ISTIO_INBOUND - [0:0]
:ISTIO_IN_REDIRECT - [0:0]
:ISTIO_OUTPUT - [0:0]
:ISTIO_REDIRECT - [0:0]
-A PREROUTING -p tcp -j ISTIO_INBOUND
-A OUTPUT -p tcp -j ISTIO_OUTPUT
-A ISTIO_INBOUND -p tcp -m tcp --dport 15008 -j RETURN
-A ISTIO_INBOUND -p tcp -m tcp --dport 15090 -j RETURN
-A ISTIO_INBOUND -p tcp -m tcp --dport 15021 -j RETURN
-A ISTIO_INBOUND -p tcp -m tcp --dport 15020 -j RETURN
-A ISTIO_INBOUND -p tcp -j ISTIO_IN_REDIRECT
-A ISTIO_IN_REDIRECT -p tcp -j REDIRECT --to-ports 15006
-A ISTIO_OUTPUT -s 127.0.0.6/32 -o lo -j RETURN
-A ISTIO_OUTPUT ! -d 127.0.0.1/32 -o lo -m owner --uid-owner 1337 -j ISTIO_IN_REDIRECT
-A ISTIO_OUTPUT -o lo -m owner ! --uid-owner 1337 -j RETURN
-A ISTIO_OUTPUT -m owner --uid-owner 1337 -j RETURN
-A ISTIO_OUTPUT ! -d 127.0.0.1/32 -o lo -m owner --gid-owner 1337 -j ISTIO_IN_REDIRECT
-A ISTIO_OUTPUT -o lo -m owner ! --gid-owner 1337 -j RETURN
-A ISTIO_OUTPUT -m owner --gid-owner 1337 -j RETURN
-A ISTIO_OUTPUT -d 127.0.0.1/32 -j RETURN
-A ISTIO_OUTPUT -j ISTIO_REDIRECT
-A ISTIO_REDIRECT -p tcp -j REDIRECT --to-ports 15001
COMMIT
`,
};
