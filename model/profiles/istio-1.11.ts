// Istio 1.11: the default injected sidecar's nat table (istio-init, REDIRECT mode, IPv4) with that release's Envoy and
// pilot-agent behaviour, and the facts the tests hold it to. The rules text says where it was reconstructed from.

import { DEFAULT_INJECTION_NOT_APPLICABLE } from './default-injection.ts';
import { DNS_CAPTURE_OFF } from './dns-off.ts';
import { MODERN_INBOUND } from './inbound.ts';
import type { Profile } from './types.ts';

export const ISTIO_1_11: Profile<'istio-1.11'> = {
  name: 'istio-1.11',
  version: '1.11',
  summary: 'same rules and behaviour as 1.10',
  envoy: {
    version: '1.11',
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
  rulesText: `# Istio 1.11.0 -- DEFAULT injected sidecar (istio-init, REDIRECT mode, IPv4), nat table
# Reconstructed from: istio/istio tag 1.11.0, commit 57d639a4fd19ee8c3559b9a4032f91e4d23c6f14
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
