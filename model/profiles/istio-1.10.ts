// Istio 1.10: the default injected sidecar's nat table (istio-init, REDIRECT mode, IPv4) with that release's Envoy and
// pilot-agent behaviour, and the facts the tests hold it to. The rules text says where it was reconstructed from.

import { DEFAULT_INJECTION_NOT_APPLICABLE } from './default-injection.ts';
import { DNS_CAPTURE_OFF } from './dns-off.ts';
import { MODERN_INBOUND } from './inbound.ts';
import type { Profile } from './types.ts';

export const ISTIO_1_10: Profile<'istio-1.10'> = {
  name: 'istio-1.10',
  version: '1.10',
  summary: "the article's classic chain: Envoy reaches the application from 127.0.0.6",
  envoy: {
    version: '1.10',
    ...MODERN_INBOUND,
    excludedInboundPorts: [15008, 22, 15090, 15021, 15020],
    tunnelPort: 15008,
    healthPort: 15021,
  },
  violates: {
    'tunnel-bypass':
      "ISTIO_OUTPUT rule 2 sends the proxy's own loopback connections to the 15008 tunnel port to 15006; 1.18 added '! --dport 15008' to rules 2 and 5 (istio/istio 57f3b2bab3c, #43414)",
  },
  notApplicable: { ...DEFAULT_INJECTION_NOT_APPLICABLE, ...DNS_CAPTURE_OFF },
  // For every invariant that holds, a single mutant of these rules that it kills, chosen by hand: each breaks exactly
  // what its invariant is about, so no invariant can pass vacuously.
  killers: {
    // Envoy's upstream to a remote pod is sent back to 15001 again and again.
    'proxy-no-loop': 'jump-target nat ISTIO_OUTPUT#4: RETURN -> jump ISTIO_REDIRECT',
    terminates: 'jump-target nat ISTIO_OUTPUT#4: RETURN -> jump ISTIO_REDIRECT',
    // 15090 is no longer let through.
    'metrics-bypass': 'delete nat ISTIO_INBOUND#3',
    // Envoy's connection to the pod's own IP is no longer sent to 15006.
    'local-to-local': 'delete nat ISTIO_OUTPUT#2',
    // pilot-agent to istiod now leaves through the gid rule 7, not the uid rule.
    'istiod-exit': 'delete nat ISTIO_OUTPUT#4',
    // remote connections to the application are no longer captured.
    'inbound-once': 'delete nat ISTIO_INBOUND#6',
    // the application's connections are no longer captured.
    'outbound-once': 'delete nat ISTIO_OUTPUT#9',
    // SSH (22) is captured.
    'inbound-exclusions': 'delete nat ISTIO_INBOUND#2',
    // the proxy's localhost traffic is sent to 15006.
    'loopback-bypass': 'address nat ISTIO_OUTPUT#2: destination address +1',
    // an application calling its own pod IP is sent to 15006.
    'app-self-bypass': 'jump-target nat ISTIO_OUTPUT#3: RETURN -> jump ISTIO_IN_REDIRECT',
    // a uid-1337 process with another gid is captured on its way out.
    'proxy-egress-direct': 'delete nat ISTIO_OUTPUT#4',
    // Envoy's own connection to the pod IP is no longer sent to 15006 (it reaches the application directly).
    'proxy-self-inbound': 'delete nat ISTIO_OUTPUT#2',
    // a process with uid 1000 and the proxy's gid calling the pod IP falls through to the gid rule and 15006.
    'uid-self-bypass': 'negation nat ISTIO_OUTPUT#3: drop ! on --uid-owner',
    // Envoy's inbound passthrough from 127.0.0.6 to the application is sent back to 15006.
    'loopback-cidr': 'delete nat ISTIO_OUTPUT#1',
  },
  rulesText: `# Istio 1.10.0 -- DEFAULT injected sidecar (istio-init, REDIRECT mode, IPv4), nat table
# Reconstructed from: istio/istio tag 1.10.0, commit d26cba7e341587453ffeb978f5cf6fbc32f346f8
#   rule generator : tools/istio-iptables/pkg/cmd/run.go
#   injected args  : pkg/kube/inject/testdata/inject/hello.yaml.injected (same commit)
#   args: -p 15001 -z 15006 -u 1337 -m REDIRECT -i '*' -x '' -b '*' -d 15090,15021,15020   (GID=UID; tunnel port -e defaults to 15008)
# ISTIO_OUTPUT: the same 9 rules as 1.5. ISTIO_INBOUND: 15008 (tunnel, since 1.7, #25392) + 22 (SSH, until 1.12) + 15090,15021,15020.
# (In-tree goldens did not exist yet at this tag; expectations were inline in tools/istio-iptables/pkg/cmd/run_test.go.)
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
-A ISTIO_INBOUND -p tcp -m tcp --dport 22 -j RETURN
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
