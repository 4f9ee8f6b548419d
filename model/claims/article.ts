// The article's six traffic-type claims (../shared/seed/000_355b7eb4d0005a96.txt), encoded exactly as it states
// them. Rule numbers are the article's, i.e. positions in the 9-rule ISTIO_OUTPUT of Istio 1.5 to 1.17.

/** One hop as the article tells it. `lands` '*' means the article does not say where (e.g. "Local Pod"). */
export interface ClaimedHop {
  readonly entry: 'PREROUTING' | 'OUTPUT';
  readonly outputRule: number | null;
  readonly inbound: 'return' | 'redirect' | null;
  readonly lands: string;
}

export interface Claim {
  readonly id: string;
  readonly articleType: number;
  /** The scenario whose trace the claim is compared with. */
  readonly scenario: string;
  /** The article's own words for the path. */
  readonly quote: string;
  readonly hops: readonly ClaimedHop[];
  /** For type 3: the inbound ports the article says skip Envoy. */
  readonly bypassPorts?: readonly number[];
}

export const ARTICLE_CLAIMS: readonly Claim[] = [
  {
    id: 'type-1',
    articleType: 1,
    scenario: 'remote-to-local',
    // The article gives this path only as a diagram; this is its content, written out as its figure draws it.
    quote:
      'Remote Pod -> PREROUTING -> ISTIO_INBOUND -> ISTIO_IN_REDIRECT -> Envoy 15006 (Inbound) -> OUTPUT -> ISTIO_OUTPUT RULE 1 -> POSTROUTING -> Local Pod',
    hops: [
      { entry: 'PREROUTING', outputRule: null, inbound: 'redirect', lands: 'inbound-capture' },
      { entry: 'OUTPUT', outputRule: 1, inbound: null, lands: 'app' },
    ],
  },
  {
    id: 'type-2',
    articleType: 2,
    scenario: 'local-to-remote',
    quote:
      'Local Pod-> OUTPUT -> ISTIO_OUTPUT RULE 9 -> ISTIO_REDIRECT -> Envoy 15001 (Outbound) -> OUTPUT -> ISTIO_OUTPUT RULE 4 -> POSTROUTING -> Remote Pod',
    hops: [
      { entry: 'OUTPUT', outputRule: 9, inbound: null, lands: 'outbound-capture' },
      { entry: 'OUTPUT', outputRule: 4, inbound: null, lands: 'left-pod' },
    ],
  },
  {
    id: 'type-3',
    articleType: 3,
    scenario: 'prometheus-to-local',
    quote:
      'Prometheus-> RREROUTING -> ISTIO_INBOUND (traffic destined for ports 15002, 15090 will go to INPUT) -> INPUT -> OUTPUT -> ISTIO_OUTPUT RULE 3 -> POSTROUTING -> Local Pod',
    hops: [
      { entry: 'PREROUTING', outputRule: null, inbound: 'return', lands: 'prometheus' },
      { entry: 'OUTPUT', outputRule: 3, inbound: null, lands: '*' },
    ],
    bypassPorts: [15002, 15090],
  },
  {
    id: 'type-4',
    articleType: 4,
    scenario: 'local-to-local',
    quote:
      'Local Pod-> OUTPUT -> ISTIO_OUTPUT RULE 9 -> ISTIO_REDIRECT -> Envoy 15001(Outbound)-> OUTPUT -> ISTIO_OUTPUT RULE 2 -> ISTIO_IN_REDIRECT -> Envoy 15006(Inbound)-> OUTPUT -> ISTIO_OUTPUT RULE 1 -> POSTROUTING -> Local Pod',
    hops: [
      { entry: 'OUTPUT', outputRule: 9, inbound: null, lands: 'outbound-capture' },
      { entry: 'OUTPUT', outputRule: 2, inbound: null, lands: 'inbound-capture' },
      { entry: 'OUTPUT', outputRule: 1, inbound: null, lands: 'app' },
    ],
  },
  {
    id: 'type-5',
    articleType: 5,
    scenario: 'envoy-inter-process',
    quote: 'Envoy process (Localhost) -> OUTPUT -> ISTIO_OUTPUT RULE 8 -> POSTROUTING -> Envoy process (Localhost)',
    hops: [{ entry: 'OUTPUT', outputRule: 8, inbound: null, lands: '*' }],
  },
  {
    id: 'type-6',
    articleType: 6,
    scenario: 'sidecar-to-istiod',
    quote:
      'pilot-agent  process -> OUTPUT -> Istio_OUTPUT RULE 9 -> Envoy 15001 (Outbound Handler) -> OUTPUT -> ISTIO_OUTPUT RULE 4 -> POSTROUTING  -> Istiod',
    hops: [
      { entry: 'OUTPUT', outputRule: 9, inbound: null, lands: 'outbound-capture' },
      { entry: 'OUTPUT', outputRule: 4, inbound: null, lands: 'left-pod' },
    ],
  },
];
