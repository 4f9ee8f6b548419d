// The second half of `npm run typecheck` (the first is `tsc -p model`, the pure core alone): the whole project's
// compiler diagnostics, as `tsc --noEmit -p .` prints them, then on the same program the template check
// (scripts/template-text/check.ts): every `${}` whose value may be a plain object (an Addr, a TableRef) is a finding.
// Exits 1 on any diagnostic or finding.
import { dirname, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { templateFindings } from './template-text/check.ts';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const configPath = resolve(root, 'tsconfig.json');
const config = ts.getParsedCommandLineOfConfigFile(
  configPath,
  {},
  {
    ...ts.sys,
    onUnRecoverableConfigFileDiagnostic: (d) => {
      throw new Error(ts.flattenDiagnosticMessageText(d.messageText, '\n'));
    },
  },
);
if (!config) throw new Error(`cannot read ${configPath}`);
const program = ts.createProgram({ rootNames: config.fileNames, options: config.options });
const diagnostics = [...config.errors, ...ts.getPreEmitDiagnostics(program)];
if (diagnostics.length > 0) {
  const host = { getCanonicalFileName: (f: string) => f, getCurrentDirectory: () => root, getNewLine: () => '\n' };
  process.stdout.write(ts.formatDiagnostics(diagnostics, host));
}
const findings = templateFindings(program, (f) => !f.includes('/node_modules/'));
for (const f of findings) {
  const where = `${relative(root, f.file)}:${f.line}:${f.column}`;
  process.stdout.write(`${where}: \`\${${f.text}}\` may print [object Object] (${f.type})\n`);
}
if (findings.length > 0) process.stdout.write(`${findings.length} template findings\n`);
process.exit(diagnostics.length === 0 && findings.length === 0 ? 0 : 1);
