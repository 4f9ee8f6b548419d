// `npx tsx scripts/bench-render.ts [N]`: one mmdc run for ONE diagram against renderSvgs for N diagrams (default 20),
// side by side in one run. The goal is renderSvgs(N) within 1.5x of a single mmdc run. A benchmark, not a test:
// it prints figures and exits 0 whether or not the goal is met; it exits 1 only when something fails to render.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import {
  checkSvg,
  chromiumMissing,
  findChromium,
  launchChromium,
  renderSvgs,
  type SvgItem,
} from '../docs-gen/index.ts';
import { flowchartLabel, sequenceText } from '../model/trace/index.ts';

const GOAL = 1.5;
const root = resolve(fileURLToPath(new URL('..', import.meta.url)));

/** Alternating flowcharts and sequence diagrams shaped like the trace diagrams, each one a little different. */
function diagram(i: number): { item: SvgItem; labels: string[] } {
  const rule = String(i + 1);
  if (i % 2 === 0) {
    const edge = `rule ${rule}`;
    return {
      item: {
        id: `flow-${i}`,
        text: [
          'flowchart LR',
          `  OUTPUT -->|${flowchartLabel('-j')}| ISTIO_OUTPUT`,
          `  ISTIO_OUTPUT -->|${flowchartLabel(edge)}| ISTIO_REDIRECT`,
          `  ISTIO_REDIRECT -->|${flowchartLabel('REDIRECT 15001')}| E1[${flowchartLabel('Envoy :15001')}]`,
        ].join('\n'),
      },
      labels: ['ISTIO_OUTPUT', edge, 'REDIRECT 15001'],
    };
  }
  const out = `OUTPUT ISTIO_OUTPUT#${rule} REDIRECT :15001`;
  const back = `ISTIO_OUTPUT#2 ISTIO_IN_REDIRECT :15006`;
  return {
    item: {
      id: `seq-${i}`,
      text: [
        'sequenceDiagram',
        '  participant App',
        '  participant Envoy',
        `  App->>Envoy: ${sequenceText(out)}`,
        `  Envoy->>Envoy: ${sequenceText(back)}`,
      ].join('\n'),
    },
    labels: [out, back],
  };
}

function parseCount(arg: string | undefined): number {
  if (arg === undefined) return 20;
  const n = Number(arg);
  if (!Number.isSafeInteger(n) || n < 1) {
    process.stderr.write(
      `usage: tsx scripts/bench-render.ts [N]   (N = number of diagrams, a positive integer; got ${arg})\n`,
    );
    process.exit(2);
  }
  return n;
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(2)} s`;
}

async function main(): Promise<void> {
  const count = parseCount(process.argv[2]);
  const chromium = findChromium();
  if (!chromium.found) {
    process.stderr.write(`${chromiumMissing()}\n`);
    process.exit(1);
  }

  // Untimed warm-up so neither side pays for a cold disk cache (the first Chromium start after boot is slower).
  const warm = await launchChromium();
  await warm.close();

  // (a) One mmdc run, one diagram. The local binary is what `npx mmdc` runs; calling it directly leaves out npx's own
  // start-up (~0.5 s), which would only flatter the ratio.
  const dir = mkdtempSync(join(tmpdir(), 'bench-render-'));
  let mmdcMs: number;
  try {
    const first = diagram(0);
    writeFileSync(join(dir, 'x.mmd'), first.item.text);
    const mmdc = join(root, 'node_modules', '.bin', 'mmdc');
    const args = ['-p', join(root, 'puppeteer-config.json'), '-i', 'x.mmd', '-o', 'x.svg'];
    const start = performance.now();
    // puppeteer-config.json carries the launch arguments only; puppeteer reads the browser from this variable.
    const env = { ...process.env, PUPPETEER_EXECUTABLE_PATH: chromium.path };
    const run = spawnSync(mmdc, args, { cwd: dir, encoding: 'utf8', env });
    mmdcMs = performance.now() - start;
    if (run.status !== 0) throw new Error(`mmdc exited with ${run.status}: ${run.stderr}`);
    const check = checkSvg(readFileSync(join(dir, 'x.svg'), 'utf8'), first.labels);
    if (!check.ok) throw new Error(`mmdc's SVG failed the check: ${check.problems.map((p) => p.message).join('; ')}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }

  // (b) renderSvgs: N diagrams, one browser, one page. Timed from the call to the last SVG, launch included.
  const diagrams = Array.from({ length: count }, (_, i) => diagram(i));
  const start = performance.now();
  const svgs = await renderSvgs(diagrams.map((d) => d.item));
  const batchMs = performance.now() - start;
  const failed = svgs.flatMap((svg, i) => {
    const check = checkSvg(svg, diagrams[i]!.labels);
    return check.ok ? [] : [`${diagrams[i]!.item.id}: ${check.problems.map((p) => p.message).join('; ')}`];
  });
  if (failed.length > 0) throw new Error(`renderSvgs output failed the check:\n${failed.join('\n')}`);

  const ratio = batchMs / mmdcMs;
  process.stdout.write(
    [
      `(a) mmdc, 1 diagram:            ${seconds(mmdcMs)}`,
      `(b) renderSvgs, ${String(count).padEnd(3)} diagrams:  ${seconds(batchMs)} (${(batchMs / count).toFixed(0)} ms a diagram, launch included; all SVGs checked)`,
      `ratio b/a: ${ratio.toFixed(2)} (goal <= ${GOAL}: ${ratio <= GOAL ? 'met' : 'NOT met'})`,
      '',
    ].join('\n'),
  );
}

main().catch((error: unknown) => {
  process.stderr.write(`bench-render: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
