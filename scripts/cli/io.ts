// What the CLI may touch of the outside world, passed in so tests can run main() in-process with captured streams.
// processIo() is the real thing; the bin shim uses it.
import { readFile } from 'node:fs/promises';
import { styleText } from 'node:util';

export interface OutStream {
  write(text: string): unknown;
  readonly isTTY?: boolean;
  /** The terminal's width, when it is one. */
  readonly columns?: number;
}

/** Width to wrap help and fit output to: the terminal's, else COLUMNS, else 80. */
export function terminalWidth(io: CliIo, stream: OutStream): number {
  if (stream.isTTY && stream.columns && stream.columns > 20) return stream.columns;
  const env = Number(io.env.COLUMNS);
  return Number.isInteger(env) && env > 20 ? env : 80;
}

export interface CliIo {
  readonly stdout: OutStream;
  readonly stderr: OutStream;
  /** Reads all of standard input (for the FILE argument `-`). */
  readonly readStdin: () => Promise<string>;
  readonly stdinIsTTY: boolean;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Relative FILE, --out and the default output directory resolve against this. */
  readonly cwd: string;
}

async function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * A process stream that ends quietly when its reader goes away (`sidecar-chains --help | head -1`): EPIPE stops
 * further output instead of an unhandled 'error' event, and the command still ends with its own exit status.
 */
function quietOnClose(stream: NodeJS.WriteStream): OutStream {
  let closed = false;
  stream.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code !== 'EPIPE' && e.code !== 'ERR_STREAM_DESTROYED') throw e;
    closed = true;
  });
  return {
    write: (text: string) => !closed && stream.write(text),
    get isTTY() {
      return stream.isTTY === true;
    },
    get columns() {
      return stream.columns;
    },
  };
}

export function processIo(): CliIo {
  return {
    stdout: quietOnClose(process.stdout),
    stderr: quietOnClose(process.stderr),
    readStdin: () => readAll(process.stdin),
    stdinIsTTY: process.stdin.isTTY === true,
    env: process.env,
    cwd: process.cwd(),
  };
}

export async function readTextFile(path: string): Promise<string> {
  return readFile(path, 'utf8');
}

type Style = Parameters<typeof styleText>[0];

/** Colour only on a terminal, and never when NO_COLOR is set to anything non-empty (https://no-color.org). */
export function colourEnabled(io: CliIo, stream: OutStream): boolean {
  const noColor = io.env.NO_COLOR;
  return stream.isTTY === true && (noColor === undefined || noColor === '') && io.env.TERM !== 'dumb';
}

export type Paint = (style: Style, text: string) => string;

export function painter(io: CliIo, stream: OutStream): Paint {
  // Whether to colour is decided here, for the stream we write to (styleText would look at process.stdout).
  return colourEnabled(io, stream)
    ? (style, text) => styleText(style, text, { validateStream: false })
    : (_style, text) => text;
}
