// Every scenario on every profile, as the terminal table and as JSON, compared byte for byte with reviewed golden
// files (test/golden/traces). Refresh after an intended change with:
//   UPDATE=1 npx vitest run test/pod/golden-traces.test.ts   (then review the diff)
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { simulate } from '../../model/pod/simulate.ts';
import { PROFILES } from '../../model/profiles/index.ts';
import { SCENARIOS } from '../../model/scenarios/index.ts';
import { renderTraceText, traceToJson } from '../../model/trace/index.ts';
import { worldFor } from '../helpers/world.ts';

const GOLDEN = join(dirname(fileURLToPath(import.meta.url)), '..', 'golden', 'traces');
const update = process.env.UPDATE === '1';

function golden(path: string, actual: string): void {
  const file = join(GOLDEN, path);
  if (update) {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, actual);
  }
  expect(existsSync(file), `missing golden ${path}; run UPDATE=1 npx vitest run test/pod/golden-traces.test.ts`).toBe(
    true,
  );
  expect(actual).toBe(readFileSync(file, 'utf8'));
}

describe.each(PROFILES.map((p) => p.name))('%s', (profile) => {
  const world = worldFor(profile);
  it.each(SCENARIOS.map((s) => s.id))('%s', (id) => {
    const scenario = SCENARIOS.find((s) => s.id === id)!;
    const first = simulate(world, scenario.connection(world));
    const second = simulate(worldFor(profile), scenario.connection(world));
    const text = renderTraceText(first);
    const json = `${JSON.stringify(traceToJson(first), null, 2)}\n`;
    // Stable across runs: a fresh world and a second simulation render the same bytes.
    expect(renderTraceText(second)).toBe(text);
    expect(`${JSON.stringify(traceToJson(second), null, 2)}\n`).toBe(json);
    golden(`${profile}/${id}.txt`, text);
    golden(`${profile}/${id}.json`, json);
  });
});
