// The DNS flows as a section of the oracle's results (oracle/report-data.ts DnsSection): every field follows from
// the cases and the kernel's verdicts (ports the kernel chose are masked by oracle/dns/compare.ts), so a run that
// agrees writes the same bytes on every machine.
import type { DnsFlowRow, DnsSection } from '../report-data.ts';
import type { DnsCaseResult } from './run.ts';

export function dnsSection(results: readonly DnsCaseResult[]): DnsSection {
  const flows = results.map(
    (r): DnsFlowRow => ({
      backend: r.backend,
      case: r.case,
      proto: r.proto,
      agree: r.agree,
      differences: r.differences,
      model: r.model,
      kernel: r.kernel,
    }),
  );
  const agree = flows.filter((f) => f.agree).length;
  return {
    cases: [...new Set(flows.map((f) => f.case))],
    total: { flows: flows.length, agree, disagree: flows.length - agree },
    flows,
  };
}

/** One line per difference of every flow that disagrees, like the other sets' DISAGREE lines. */
export function dnsDisagreementLines(section: DnsSection): string[] {
  return section.flows.flatMap((f) => f.differences.map((d) => `${f.backend} dns ${f.case} ${f.proto}: ${d}`));
}
