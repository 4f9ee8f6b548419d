// Istio 1.5: the default injected sidecar's nat table (istio-init, REDIRECT mode, IPv4) with that release's Envoy and
// pilot-agent behaviour, and the facts the tests hold it to. The rules text says where it was reconstructed from.

import { DEFAULT_INJECTION_NOT_APPLICABLE } from './default-injection.ts';
import { DNS_CAPTURE_OFF } from './dns-off.ts';
import { LEGACY_INBOUND } from './inbound.ts';
import type { Profile } from './types.ts';

export const ISTIO_1_5: Profile<'istio-1.5'> = {
  name: 'istio-1.5',
  version: '1.5',
  summary: 'the 9-rule ISTIO_OUTPUT of the article; inbound clusters target 127.0.0.1',
  envoy: {
    version: '1.5',
    ...LEGACY_INBOUND,
    excludedInboundPorts: [22, 15090, 15020],
    tunnelPort: null,
    healthPort: null,
  },
  violates: {},
  notApplicable: {
    ...DEFAULT_INJECTION_NOT_APPLICABLE,
    ...DNS_CAPTURE_OFF,
    'tunnel-bypass': 'no tunnel port: 15008 arrived in 1.7 (#25392)',
  },
  rulesText: `# Istio 1.5.0 -- DEFAULT injected sidecar (istio-init, REDIRECT mode, IPv4), nat table
# Reconstructed from: istio/istio tag 1.5.0, commit c3c353285578eb68b334fc8766746b754b6b3789
#   rule generator : tools/istio-iptables/pkg/cmd/run.go
#   injected args  : pkg/kube/inject/testdata/inject/hello.yaml.injected (same commit)
#   args: -p 15001 -z 15006 -u 1337 -m REDIRECT -i '*' -x '' -b '*' -d 15090,15020   (GID defaults to UID)
# FIRST release with the 9-rule ISTIO_OUTPUT (commit b48ff15218b, #19308, 2020-01-06). Unchanged through 1.17.x.
# Inbound exclusions: 22 (hard-coded SSH) + 15090,15020. No 15008, no 15021.
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
-A ISTIO_INBOUND -p tcp -m tcp --dport 22 -j RETURN
-A ISTIO_INBOUND -p tcp -m tcp --dport 15090 -j RETURN
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
