/** The `einvoice` binary as a child process: stdout closed by its reader. */
import { spawn } from 'node:child_process';
import path from 'node:path';

const bin = path.resolve(__dirname, '../../bin/einvoice.js');
const examples = path.resolve(__dirname, '../../../shared/examples');
const env = { ...process.env, NODE_OPTIONS: '' };

/** Runs the binary with a stdout whose reader goes away at once (as `| head -1` does once it has its line). */
function runClosed(args: string[]): Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [bin, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.destroy();
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (code, signal) => resolve({ code, signal, stderr }));
  });
}

test.each([
  ['scenarios', ['scenarios', '--json']],
  ['scenarios (readable)', ['scenarios']],
  ['validate', ['validate', '--json', path.join(examples, 'peppol-billing/base-example.xml'), path.join(examples, 'peppol-billing/vat-category-E.xml')]],
  ['inspect', ['inspect', path.join(examples, 'en16931-cii/CII_example5.xml'), path.join(examples, 'peppol-billing/base-example.xml')]],
  ['convert', ['convert', '--to', 'ubl', path.join(examples, 'en16931-cii/CII_example5.xml')]],
  ['help', ['help']],
])('%s: a stdout closed by its reader (EPIPE) ends quietly', async (_name, args) => {
  const r = await runClosed(args as string[]);
  expect(r.stderr.replace(/^einvoice convert: .*\n( {2}.*\n)*/gm, '')).toBe('');
  expect(r.stderr).not.toMatch(/EPIPE|Error|at /);
  expect([r.code, r.signal]).toEqual([0, null]);
}, 60_000);
