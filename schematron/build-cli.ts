/**
 * `npm run rules:build [-- --force]`: compiles every declared rule pack that the cache lacks.
 * `npm start` and `npm test` run it too, so they build only what is missing.
 */
import fs from 'node:fs';
import { buildPacks, defaultDirs, locatePack, pruneCache } from './build';
import { packKey, rulePacks } from './manifest';

async function main(): Promise<number> {
  const dirs = defaultDirs();
  const force = process.argv.includes('--force');
  if (force) for (const p of rulePacks) fs.rmSync(locatePack(p, dirs).sefPath, { force: true });
  const t0 = performance.now();
  const results = await buildPacks(rulePacks, dirs);
  for (const r of results) {
    const what = r.built ? `compiled in ${(r.ms / 1000).toFixed(1)} s` : 'up to date';
    process.stdout.write(`${packKey(r.compiled.pack).padEnd(36)} ${r.compiled.sourceHash.slice(0, 12)}  ${what}\n`);
  }
  const removed = pruneCache(dirs);
  if (removed.length) process.stdout.write(`removed ${removed.length} stale artefact(s)\n`);
  process.stdout.write(`rule packs ready in ${((performance.now() - t0) / 1000).toFixed(2)} s (cache: ${dirs.cacheDir})\n`);
  return 0;
}

main().then(
  (code) => { process.exitCode = code; },
  (err: unknown) => {
    process.stderr.write(`rules:build: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
  },
);
