#!/usr/bin/env node
// The `sidecar-chains` command: registers tsx so Node can load the TypeScript sources, then runs the CLI function.
// Only the exit code is set here; the process ends when its output is flushed (never process.exit mid-write).
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../scripts/cli/index.ts');
process.exitCode = await main(process.argv.slice(2));
