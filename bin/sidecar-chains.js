#!/usr/bin/env node
// The `sidecar-chains` command. An installed package runs the bundled JavaScript in dist/cli/ (built by `npm run
// build`, which `npm pack` runs as the prepack step), so no TypeScript compiler loads at run time. In a clone the
// TypeScript sources are the truth (dist/ may be missing or older), so there tsx runs them, unless
// SIDECAR_CHAINS_COMPILED=1 asks for dist/ (the start-up benchmark does, after building it). Only the exit code is set here; the process ends when its output is
// flushed (never process.exit mid-write).
import { existsSync } from 'node:fs';
import { setFlagsFromString } from 'node:v8';

// A check runs for a fraction of a second, and V8's default tiering sends hundreds of functions to its optimising
// compiler within it: on istio-1.25 that compilation cost more CPU than the check itself (0.85 s of CPU against
// 0.39 s with optimisation delayed, measured again after the check's allocation work, `npm run bench:cli`). A larger interrupt budget lets a function run about 7 times longer in
// the baseline tiers before V8 optimises it, so only the code that stays hot (long checks, large dumps) pays for
// optimisation. The flag only changes when V8 optimises, never what the code does.
setFlagsFromString('--interrupt-budget=1000000');

const sources = new URL('../scripts/cli/index.ts', import.meta.url);
const compiled = new URL('../dist/cli/index.js', import.meta.url);
let entry = compiled;
if (existsSync(sources) && process.env.SIDECAR_CHAINS_COMPILED !== '1') {
  const { register } = await import('tsx/esm/api');
  register();
  entry = sources;
}
const { main } = await import(entry.href);
process.exitCode = await main(process.argv.slice(2));
