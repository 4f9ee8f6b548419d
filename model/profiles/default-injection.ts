// Facts every profile shares because each is the default injected sidecar: istio-init's default arguments capture
// every outbound CIDR (-i '*') and every inbound port (-b '*') and exclude no outbound port or CIDR (-x '', -o ''),
// so the invariants about what a configuration includes or excludes have nothing to hold these rules to.
import type { InvariantFacts } from './types.ts';

export const DEFAULT_INJECTION_NOT_APPLICABLE: InvariantFacts = {
  'outbound-exclusions': "the default injection excludes no outbound port or CIDR (-x '' and no -o)",
  'outbound-inclusions': "the default injection captures every outbound CIDR (-i '*')",
  'inbound-ports': "the default injection captures every inbound port (-b '*')",
  'excluded-interfaces': 'the default injection excludes no interface (no -c)',
  'virtual-interfaces': 'the default injection names no virtual interface (no -k)',
  'tproxy-gid-self-inbound': 'the default injection redirects inbound traffic with nat (-m REDIRECT), not TPROXY',
  'owner-groups': 'the default injection captures every owner group (no ISTIO_OUTBOUND_OWNER_GROUPS)',
  'dual-stack-parity': "a profile is an IPv4 pod's nat table alone (ENABLE_INBOUND_IPV6 off): no IPv6 rules to compare",
  'capture-off': "the default injection captures both directions (-i '*' -b '*')",
  'drop-invalid': 'the default injection does not drop INVALID packets (no DROP_INVALID)',
};
