// The DNS section of the oracle's results: figures from the flows, every difference as a DISAGREE line, a document
// with the section matches the schema, and one with a misspelt protocol does not.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { type DnsCaseResult, dnsDisagreementLines, dnsSection, resultsProblems } from '../../oracle/index.ts';

const base = JSON.parse(readFileSync(new URL('../../generated/kernel-oracle.json', import.meta.url), 'utf8'));
const side = { rules: ['raw OUTPUT: -A OUTPUT -j ISTIO_OUTPUT_DNS ×3'], conntrack: [], answer: 'none' };
const flow = (c: string, proto: 'udp' | 'tcp', differences: string[]): DnsCaseResult => ({
  id: `nft:${c}:${proto}`,
  backend: 'nft',
  case: c,
  proto,
  agree: differences.length === 0,
  differences,
  model: side,
  kernel: side,
});

describe('the DNS section of kernel-oracle.json', () => {
  const section = dnsSection([flow('istio-1.25', 'udp', []), flow('golden:ip-range', 'udp', ['answer: a; b'])]);

  it('counts flows, agreements and disagreements, and keeps the cases in replay order', () => {
    expect(section.total).toEqual({ flows: 2, agree: 1, disagree: 1 });
    expect(section.cases).toEqual(['istio-1.25', 'golden:ip-range']);
    expect(section.flows[0]).not.toHaveProperty('id');
  });

  it('prints each difference with its backend, case and protocol', () => {
    expect(dnsDisagreementLines(section)).toEqual(['nft dns golden:ip-range udp: answer: a; b']);
  });

  it('is checked by the schema', () => {
    const minimal = (dns: unknown) => ({ ...JSON.parse(JSON.stringify(base)), dns });
    expect(resultsProblems(minimal(section), 'results')).toEqual([]);
    const bad = { ...section, flows: [{ ...section.flows[0], proto: 'icmp' }] };
    expect(resultsProblems(minimal(bad), 'results').join('\n')).toMatch(/\/dns\/flows\/0\/proto/);
  });
});
