/** What every `einvoice` command needs: its options parsed (usage errors → exit 2), input files read safely, stdout that may close early. */
import fs from 'node:fs';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { config } from '../config';
import { scenarios } from '../validation/scenarios';

type Options = NonNullable<ParseArgsConfig['options']>;
export type ParsedArgs<O extends Options> = ReturnType<typeof parseArgs<{ args: string[]; options: O; allowPositionals: true }>>;

/**
 * Parses a command's arguments; `--help`/`-h` prints the usage. Returns the exit code instead of the
 * parsed arguments when the command must stop (0 after help, 2 after a usage error, reported on stderr).
 */
export function parseCommandArgs<O extends Options>(command: string, usage: string, argv: string[], options: O): ParsedArgs<O> | number {
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(`${usage}\n`);
    return 0;
  }
  try {
    return parseArgs({ args: argv, options, allowPositionals: true });
  } catch (err) {
    process.stderr.write(`einvoice ${command}: ${(err as Error).message}\n${usage}\n`);
    return 2;
  }
}

/** Reports a usage problem of `einvoice <command>` and returns exit code 2. */
export function usageError(command: string, problem: string, usage?: string): number {
  process.stderr.write(`einvoice ${command}: ${problem}\n${usage ? `${usage}\n` : ''}`);
  return 2;
}

/** Reads a document file within the size limit, or returns an error message. */
export function readDocumentFile(file: string): Buffer | string {
  try {
    const st = fs.statSync(file);
    if (!st.isFile()) return `${file}: not a file`;
    if (st.size > config.maxDocumentBytes) return `${file}: ${st.size} bytes, more than EINVOICE_MAX_DOCUMENT_BYTES (${config.maxDocumentBytes})`;
    return fs.readFileSync(file);
  } catch (e) {
    return `${file}: ${(e as NodeJS.ErrnoException).code ?? (e instanceof Error ? e.message : String(e))}`;
  }
}

/** A `--date` value: a real calendar date written YYYY-MM-DD (`2025-13-01` and `2025-02-30` are not). */
export function isCalendarDate(s: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const dt = new Date(Date.UTC(y, mo - 1, d));
  return dt.getUTCFullYear() === y && dt.getUTCMonth() === mo - 1 && dt.getUTCDate() === d;
}

/** Checks a `--date` option; returns exit code 2 (reported) when it is given and is not a real date, else null. */
export function checkDateOption(command: string, date: string | undefined, usage?: string): number | null {
  if (date === undefined || isCalendarDate(date)) return null;
  return usageError(command, `--date must be a date written YYYY-MM-DD, got "${date}"`, usage);
}

/** Checks a `--scenario` option; returns exit code 2 (reported, with the known scenarios) when it names none, else null. */
export function checkScenarioOption(command: string, scenario: string | undefined): number | null {
  if (scenario === undefined || scenarios.some((s) => s.id === scenario)) return null;
  return usageError(command, `unknown scenario "${scenario}"; known scenarios: ${scenarios.map((s) => s.id).join(', ')} (see einvoice scenarios)`);
}

// ── stdout that the reader may close (`einvoice … | head -1`) ────────────────────────────────────

let closed = false;

/** true once stdout's reader has gone away (EPIPE): a command stops producing output. */
export function stdoutClosed(): boolean {
  return closed;
}

/**
 * Makes a closed stdout (EPIPE, the reader exited: `| head -1`) end the output quietly instead of an
 * unhandled 'error' event with a stack trace: later writes are dropped and commands stop at their next
 * file (`stdoutClosed()`); the exit code is that of the work done until then. Other stdout errors are
 * reported once on stderr and make the exit code 2.
 */
export function guardStdout(stream: NodeJS.WriteStream = process.stdout): void {
  stream.on('error', (err: NodeJS.ErrnoException) => {
    if (closed) return;
    closed = true;
    if (err.code !== 'EPIPE' && err.code !== 'ERR_STREAM_DESTROYED') {
      process.stderr.write(`einvoice: cannot write the output: ${err.message}\n`);
      process.exitCode = 2;
    }
  });
}
