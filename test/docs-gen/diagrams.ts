// Diagrams shaped like the ones the docs will carry: the outbound capture as a chain walk and as a sequence. The
// stadium node `([...])` is drawn with rough.js, whose curves were random until mermaid-page.ts seeded it.
export const outboundFlow = `flowchart LR
  OUTPUT -->|"-j"| ISTIO_OUTPUT
  ISTIO_OUTPUT -->|"rule 9"| ISTIO_REDIRECT
  ISTIO_REDIRECT -->|"REDIRECT 15001"| E1(["Envoy :15001"])`;

export const captureSequence = `sequenceDiagram
  participant App
  participant Envoy
  App->>Envoy: OUTPUT ISTIO_OUTPUT#9 REDIRECT :15001
  Envoy->>Envoy: ISTIO_OUTPUT#2 ISTIO_IN_REDIRECT :15006`;

export const inboundFlow = `flowchart TD
  PREROUTING -->|"-j"| ISTIO_INBOUND
  ISTIO_INBOUND -->|"rule 5"| ISTIO_IN_REDIRECT
  ISTIO_IN_REDIRECT -->|"REDIRECT 15006"| E2["Envoy :15006"]`;
