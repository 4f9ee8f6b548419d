// The directive registry for one page: every placeholder docs-src may use.
import type { DirectiveHandlers } from '../markdown.ts';
import type { PageContext } from '../site/context.ts';
import type { NavSection } from '../site/nav.ts';
import type { SiteData } from '../site/oracle-data.ts';
import { articleBlocks } from './article.ts';
import { backendsBlocks } from './backends.ts';
import { dnsTraceBlocks } from './dns-trace.ts';
import { dnsVersionBlocks } from './dns-versions.ts';
import { errataBlocks } from './errata.ts';
import { flowchartBlocks } from './flowchart.ts';
import { invariantsBlocks } from './invariants.ts';
import { kernelFuzzBlocks } from './kernel-fuzz.ts';
import { kernelOracleBlocks } from './kernel-oracle.ts';
import { linksBlocks } from './links.ts';
import { oracleStatusBlocks } from './oracle-status.ts';
import { portsBlocks } from './ports.ts';
import { rulesBlocks } from './rules.ts';
import { traceBlocks } from './trace.ts';
import { versionBlocks } from './versions.ts';

export function pageHandlers(ctx: PageContext, nav: readonly NavSection[], data: SiteData): DirectiveHandlers {
  return {
    trace: (attrs) => traceBlocks(ctx, attrs),
    'dns-trace': (attrs) => dnsTraceBlocks(ctx, attrs),
    'dns-versions': () => dnsVersionBlocks(),
    rules: (attrs) => rulesBlocks(attrs),
    'nat-flowchart': (attrs) => flowchartBlocks(ctx, attrs),
    ports: () => portsBlocks(),
    errata: () => errataBlocks(ctx),
    'version-diff': () => versionBlocks(),
    invariants: () => invariantsBlocks(ctx),
    'page-links': () => linksBlocks(ctx, nav),
    article: () => articleBlocks(),
    'oracle-status': () => oracleStatusBlocks(ctx, data.kernelOracle),
    'kernel-oracle-report': () => kernelOracleBlocks(ctx, data.kernelOracle),
    'kernel-fuzz-report': () => kernelFuzzBlocks(ctx, data.kernelFuzz),
    'backends-table': () => backendsBlocks(ctx, data.backends),
  };
}
