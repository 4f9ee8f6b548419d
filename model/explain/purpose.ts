// What each of Istio's rules is for, in words, keyed by the canonical rule text. Hand-written from the order in which
// istio-iptables generates them (tools/istio-iptables/pkg/capture/run.go, Run, at istio/istio 86c9f01; summarised in
// model/REFERENCES.md); rules not listed get a purpose derived from their target.
import { targetKind } from '../kinds/index.ts';
import type { Rule } from '../rules/index.ts';

const BY_TEXT: Readonly<Record<string, string>> = {
  '-A PREROUTING -p tcp -j ISTIO_INBOUND':
    'sends every TCP connection arriving at the pod to the inbound capture chain',
  '-A OUTPUT -p tcp -j ISTIO_OUTPUT':
    'sends every TCP connection opened in the pod to the outbound capture chain (until 1.24)',
  '-A OUTPUT -j ISTIO_OUTPUT':
    'sends every connection opened in the pod, of any protocol, to the outbound capture chain (1.25+)',
  '-A ISTIO_INBOUND -p tcp -m tcp --dport 15008 -j RETURN':
    "lets the HBONE tunnel port 15008 through to Envoy's tunnel listener uncaptured",
  '-A ISTIO_INBOUND -p tcp -m tcp --dport 22 -j RETURN': 'lets SSH (22) through uncaptured (hard-coded until 1.12)',
  '-A ISTIO_INBOUND -p tcp -m tcp --dport 15090 -j RETURN': "lets Prometheus reach Envoy's metrics port 15090 directly",
  '-A ISTIO_INBOUND -p tcp -m tcp --dport 15021 -j RETURN': "lets the kubelet reach Envoy's health port 15021 directly",
  '-A ISTIO_INBOUND -p tcp -m tcp --dport 15020 -j RETURN':
    "lets Prometheus and the kubelet reach pilot-agent's status port 15020 directly",
  '-A ISTIO_INBOUND -p tcp -j ISTIO_IN_REDIRECT':
    'captures every other inbound TCP port to Envoy (istio-iptables -b "*")',
  '-A ISTIO_IN_REDIRECT -p tcp -j REDIRECT --to-ports 15006': "redirects to Envoy's inbound listener 15006",
  '-A ISTIO_REDIRECT -p tcp -j REDIRECT --to-ports 15001': "redirects to Envoy's outbound listener 15001",
  '-A ISTIO_OUTPUT -s 127.0.0.6/32 -o lo -j RETURN':
    "exempts Envoy's own connections to the application: its inbound upstreams bind 127.0.0.6 (1.10+) and pilot-agent's probes do too",
  '-A ISTIO_OUTPUT ! -d 127.0.0.1/32 -o lo -m owner --uid-owner 1337 -j ISTIO_IN_REDIRECT':
    "sends the proxy's connections to the pod's own IP through the inbound listener, so a call to a Service served by this pod gets inbound policy",
  '-A ISTIO_OUTPUT ! -d 127.0.0.1/32 -o lo -p tcp -m tcp ! --dport 15008 -m owner --uid-owner 1337 -j ISTIO_IN_REDIRECT':
    "as in earlier versions, but leaves the proxy's own tunnel connections (15008) alone (1.18+)",
  '-A ISTIO_OUTPUT -o lo -m owner ! --uid-owner 1337 -j RETURN':
    'exempts every local (loopback-routed) connection of other processes: the application calling itself or localhost',
  '-A ISTIO_OUTPUT -m owner --uid-owner 1337 -j RETURN':
    "exempts all other proxy traffic (Envoy's upstreams, pilot-agent to istiod): no loop back into Envoy",
  '-A ISTIO_OUTPUT ! -d 127.0.0.1/32 -o lo -m owner --gid-owner 1337 -j ISTIO_IN_REDIRECT':
    'the gid twin of rule 2 (dead in the default configuration)',
  '-A ISTIO_OUTPUT ! -d 127.0.0.1/32 -o lo -p tcp -m tcp ! --dport 15008 -m owner --gid-owner 1337 -j ISTIO_IN_REDIRECT':
    'the gid twin of rule 2 (dead in the default configuration)',
  '-A ISTIO_OUTPUT -o lo -m owner ! --gid-owner 1337 -j RETURN':
    'the gid twin of rule 3 (dead in the default configuration)',
  '-A ISTIO_OUTPUT -m owner --gid-owner 1337 -j RETURN': 'exempts processes running with the proxy gid but another uid',
  '-A ISTIO_OUTPUT -d 127.0.0.1/32 -j RETURN':
    'exempts localhost (dead in the default configuration: rules 3 and 4 decide first)',
  '-A ISTIO_OUTPUT -j ISTIO_REDIRECT': "captures everything else to Envoy's outbound listener (istio-iptables -i '*')",
};

export function rulePurpose(text: string, rule: Rule): string {
  const known = BY_TEXT[text];
  if (known) return known;
  return targetKind(rule.target).purpose(rule.target);
}
