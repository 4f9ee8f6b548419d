// The docs toolchain (docs-gen: remark, and for diagrams mermaid, puppeteer, jsdom) is a development dependency: an
// installed package ships the checks, not the site builder. Commands that need it load it through here, and say
// what to do when it is not installed instead of failing with ERR_MODULE_NOT_FOUND.
import { CliError } from './exit.ts';

export async function loadDocsToolchain(): Promise<typeof import('../../docs-gen/index.ts')> {
  try {
    return await import('../../docs-gen/index.ts');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ERR_MODULE_NOT_FOUND') throw e;
    throw new CliError(
      `this needs the docs toolchain (${(e as Error).message.match(/'([^']+)'/)?.[1] ?? 'a development dependency'} is missing), which an installed sidecar-chains does not ship: run it in a clone after npm ci`,
    );
  }
}
