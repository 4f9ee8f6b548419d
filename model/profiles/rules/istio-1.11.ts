// The default injected sidecar's nat table for Istio 1.11, copied verbatim from the project's fixture
// test/fixtures/istio/versions/istio-1.11.rules (provenance in its header and test/fixtures/istio/PROVENANCE.md).
// Kept as a module because model/ never reads files; test/profiles.test.ts checks the two stay identical.
export const ISTIO_1_11_RULES = `# Istio 1.11.0 -- DEFAULT injected sidecar (istio-init, REDIRECT mode, IPv4), nat table
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
`;
