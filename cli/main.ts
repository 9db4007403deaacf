/**
 * `einvoice <command> …` — dispatches to `cli/commands/<command>.ts`, whose `run(argv)` returns the exit code.
 * Exit codes (contract): 0 success / all valid, 1 some document invalid, 2 usage or I/O error.
 * A reader that closes stdout early (`einvoice … | head -1`) ends the output quietly (`guardStdout`).
 */
import fs from 'node:fs';
import path from 'node:path';
import { guardStdout } from './args';

export interface CliCommand {
  /** One line shown by `einvoice help`. */
  summary: string;
  run(argv: string[]): Promise<number>;
}

function commandNames(): string[] {
  return fs
    .readdirSync(path.join(__dirname, 'commands'))
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))
    .map((f) => f.slice(0, -3))
    .sort();
}

async function loadCommand(name: string): Promise<CliCommand | undefined> {
  if (!/^[a-z][a-z0-9-]*$/.test(name) || !commandNames().includes(name)) return undefined;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const mod = require(`./commands/${name}`) as { command: CliCommand };
  return mod.command;
}

async function usage(): Promise<string> {
  const lines = ['usage: einvoice <command> [options]', '', 'commands:'];
  for (const name of commandNames()) {
    const cmd = await loadCommand(name);
    if (cmd) lines.push(`  ${name.padEnd(10)} ${cmd.summary}`);
  }
  return lines.join('\n');
}

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === 'help' || name === '--help' || name === '-h') {
    process.stdout.write((await usage()) + '\n');
    return name ? 0 : 2;
  }
  const cmd = await loadCommand(name);
  if (!cmd) {
    process.stderr.write(`einvoice: unknown command "${name}"\n${await usage()}\n`);
    return 2;
  }
  return cmd.run(rest);
}

if (require.main === module || process.argv[1]?.endsWith('einvoice.js') || process.argv[1]?.endsWith('einvoice')) {
  guardStdout();
  main(process.argv.slice(2)).then(
    (code) => { process.exitCode = Math.max(code, typeof process.exitCode === 'number' ? process.exitCode : 0); },
    (err: unknown) => {
      process.stderr.write(`einvoice: ${err instanceof Error ? err.message : String(err)}\n`);
      process.exitCode = 2;
    },
  );
}
