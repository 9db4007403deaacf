/** What every `einvoice` command needs: its options parsed (usage errors → exit 2), and input files read safely. */
import fs from 'node:fs';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { config } from '../config';

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
