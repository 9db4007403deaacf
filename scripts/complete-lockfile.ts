/**
 * `npm run lock:complete`: adds to package-lock.json the platform-specific optional packages (swc, the
 * jest resolver, msgpackr-extract for macOS, Windows, other Linux CPUs…) that the package registry
 * reachable here does not serve. npm then leaves them out of the lock, and `npm ci` refuses the lock as
 * "not in sync" ("Missing: @swc/core-darwin-arm64@ from lock file"). Each added entry carries the
 * version its parent asks for and the os/cpu/libc of its name, so `npm ci` skips it on this platform
 * without downloading anything, as it would with a lock written where the registry serves them all.
 * Run it after every `npm install` that changes the lock.
 */
import fs from 'node:fs';
import path from 'node:path';

interface LockEntry {
  version?: string;
  dev?: boolean;
  optional?: boolean;
  optionalDependencies?: Record<string, string>;
  os?: string[];
  cpu?: string[];
  libc?: string[];
}

const PLATFORM = /-(darwin|linux|win32|android|freebsd|openharmony|sunos|aix)-(arm64|x64|arm|ia32|ppc64|s390x|loong64|riscv64|mips64el)(?:-(gnu|musl|gnueabihf|musleabihf|msvc|eabi))?$/;

export function completeLock(lock: { packages: Record<string, LockEntry> }): string[] {
  const packages = lock.packages;
  const added: string[] = [];
  for (const [key, entry] of Object.entries(packages)) {
    for (const [name, version] of Object.entries(entry.optionalDependencies ?? {})) {
      // Where node would resolve it from the parent: its own node_modules, then the top level.
      const nested = `${key ? `${key}/` : ''}node_modules/${name}`;
      if (packages[nested] || packages[`node_modules/${name}`]) continue;
      const m = PLATFORM.exec(name.split('/').pop() ?? '');
      if (!m) continue; // not a platform binary: a real missing dependency is npm's to report
      const [, os, cpu, abi] = m;
      const added_: LockEntry = { version, ...(entry.dev ? { dev: true } : {}), optional: true, os: [os], cpu: [cpu] };
      if (os === 'linux' && abi) added_.libc = [abi.startsWith('musl') ? 'musl' : 'glibc'];
      packages[`node_modules/${name}`] = added_;
      added.push(`${name}@${version}`);
    }
  }
  lock.packages = Object.fromEntries(Object.entries(packages).sort(([a], [b]) => (a === '' ? -1 : b === '' ? 1 : a < b ? -1 : a > b ? 1 : 0)));
  return added;
}

if (require.main === module) {
  const file = path.resolve(__dirname, '..', 'package-lock.json');
  const lock = JSON.parse(fs.readFileSync(file, 'utf8')) as { packages: Record<string, LockEntry> };
  const added = completeLock(lock);
  fs.writeFileSync(file, JSON.stringify(lock, null, 2) + '\n');
  process.stdout.write(added.length ? `added ${added.length} platform entries: ${added.join(', ')}\n` : 'package-lock.json already complete\n');
}
