// The profiles are the rules istio-iptables writes with DNS capture off (its default): the DNS invariants
// (model/invariants/dns.ts) have nothing to check on them. DNS capture is a configuration of its own (model/istio).
import type { InvariantFacts } from './types.ts';

const WHY = 'the profile is the default install, with DNS capture off (no REDIRECT to 15053)';

export const DNS_CAPTURE_OFF: InvariantFacts = {
  'dns-captured': WHY,
  'dns-proxy-no-loop': WHY,
  'dns-zone-consistency': WHY,
  'dns-exclusions': WHY,
};
