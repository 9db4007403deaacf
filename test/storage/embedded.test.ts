/** The embedded database serves one process: a second one is refused with what to do instead; the lock of a dead process is taken over. */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { embeddedDir } from '../../db/client';
import { EmbeddedDatabaseBusyError } from '../../db/embedded-lock';
import { openStore } from '../../db/store';
import { embeddedTemplate, tmpDir } from '../helpers/store';
import { ROOT } from '../pipeline/helpers';

test('a second handle on the same directory is refused with a message that says to set DATABASE_URL', async () => {
  const dataDir = tmpDir('embedded-lock');
  const first = await openStore({ dataDir, initFrom: await embeddedTemplate() });
  try {
    await expect(openStore({ dataDir })).rejects.toThrow(EmbeddedDatabaseBusyError);
    await expect(openStore({ dataDir })).rejects.toThrow(/DATABASE_URL=postgres:\/\//);
  } finally {
    await first.close();
  }
  const again = await openStore({ dataDir }); // released by close()
  await again.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

test('a second hub process on the same data directory stops at once with the explanation', async () => {
  const dataDir = tmpDir('embedded-proc');
  const first = await openStore({ dataDir, initFrom: await embeddedTemplate() });
  try {
    const child = spawn(process.execPath, ['-r', 'tsx/cjs', path.join(ROOT, 'services', 'main.ts')], {
      cwd: ROOT, env: { ...process.env, NODE_OPTIONS: '', EINVOICE_DATA_DIR: dataDir, PORT: '0', DATABASE_URL: '' }, stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => { out += d.toString(); });
    child.stderr.on('data', (d: Buffer) => { out += d.toString(); });
    const code = await new Promise<number | null>((r) => child.once('exit', r));
    expect(code).toBe(1);
    expect(out).toMatch(/already open by process \d+/);
    expect(out).toMatch(/set DATABASE_URL/);
  } finally {
    await first.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}, 60_000);

test('the lock left by a process that died is taken over', async () => {
  const dataDir = tmpDir('embedded-stale');
  const s = await openStore({ dataDir, initFrom: await embeddedTemplate() });
  await s.close();
  // a lock file naming a pid that does not exist (a process killed with -9 leaves exactly this)
  fs.writeFileSync(path.join(embeddedDir(dataDir), 'owner.lock'), JSON.stringify({ pid: 2 ** 22 + 12345, host: os.hostname(), since: '2026-01-01T00:00:00Z' }));
  const again = await openStore({ dataDir });
  await again.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});
