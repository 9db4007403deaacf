/**
 * One process per embedded database. PGlite runs PostgreSQL inside the process (single user): two
 * processes writing the same directory would corrupt it. The owner writes its pid into
 * `<dir>/owner.lock` (created exclusively); a second process finds a live owner and is refused with
 * what to do instead. A lock left by a process that died (kill -9, power loss) is taken over.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface EmbeddedLock {
  file: string;
  release(): void;
}

export class EmbeddedDatabaseBusyError extends Error {
  constructor(dir: string, pid: number) {
    super(
      `The embedded database in ${dir} is already open by process ${pid} on this host. ` +
      'The embedded PGlite database serves one process only (npm start runs the API and the workers together). ' +
      'To run several processes, set DATABASE_URL=postgres://user:password@host:5432/einvoice to use a PostgreSQL server.',
    );
    this.name = 'EmbeddedDatabaseBusyError';
  }
}

function alive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export function acquireEmbeddedLock(dir: string): EmbeddedLock {
  const file = path.join(dir, 'owner.lock');
  const content = JSON.stringify({ pid: process.pid, host: os.hostname(), since: new Date().toISOString() });
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      fs.writeFileSync(file, content, { flag: 'wx' });
      let released = false;
      return {
        file,
        release: () => {
          if (released) return;
          released = true;
          try {
            const now = JSON.parse(fs.readFileSync(file, 'utf8')) as { pid?: number };
            if (now.pid === process.pid) fs.rmSync(file, { force: true });
          } catch {
            // already gone
          }
        },
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    let owner: { pid?: number; host?: string } = {};
    try {
      owner = JSON.parse(fs.readFileSync(file, 'utf8')) as typeof owner;
    } catch {
      // unreadable or half-written: treat as stale
    }
    const pid = Number(owner.pid);
    if (pid === process.pid) throw new EmbeddedDatabaseBusyError(dir, pid);
    if ((owner.host === undefined || owner.host === os.hostname()) && alive(pid)) throw new EmbeddedDatabaseBusyError(dir, pid);
    fs.rmSync(file, { force: true }); // stale: its process is gone
  }
  throw new Error(`could not take the lock ${file}`);
}
