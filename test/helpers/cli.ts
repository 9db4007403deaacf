/** `npx einvoice …` as a user runs it (bin/einvoice.js in a child process), for the CLI tests. */
import { execFile } from 'node:child_process';
import path from 'node:path';

export const CLI_BIN = path.resolve(__dirname, '../../bin/einvoice.js');
export const EXAMPLES_DIR = path.resolve(__dirname, '../../../shared/examples');

export interface CliResult { code: number; stdout: string; stderr: string }

/** Runs the CLI with `args`; `env` defaults to this process's, without NODE_OPTIONS (jest's flags). */
export function runCli(args: string[], env: NodeJS.ProcessEnv = { ...process.env, NODE_OPTIONS: '' }): Promise<CliResult> {
  return new Promise((resolve) => {
    execFile(process.execPath, [CLI_BIN, ...args], { env, maxBuffer: 64 << 20 }, (err, stdout, stderr) => {
      resolve({ code: err ? (typeof err.code === 'number' ? err.code : 99) : 0, stdout, stderr });
    });
  });
}
