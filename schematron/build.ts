/**
 * Builds the compiled artefacts of each rule pack: Schematron → XSLT 3.0 (our generator) → SEF (the
 * `xslt3` compiler), cached under `EINVOICE_CACHE_DIR` by a content hash of the pack's source files and
 * of the generator itself, so a rebuild with nothing changed only hashes files.
 */
import { execFile } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { config } from '../config';
import { generateXslt } from './generate-xslt';
import { packKey, rulePacks, type RulePack } from './manifest';
import { parseSchematronFile } from './parse';

export interface BuildDirs {
  rulesDir: string;
  cacheDir: string;
}

export interface CompiledPack {
  pack: RulePack;
  /** SHA-256 over the pack's source files (what the report records). */
  sourceHash: string;
  /** Cache key: source hash + generator + compiler version. */
  cacheKey: string;
  xsltPath: string;
  sefPath: string;
}

export function defaultDirs(): BuildDirs {
  return { rulesDir: config.rulesDir, cacheDir: config.cacheDir };
}

function sha256(parts: (string | Buffer)[]): string {
  const h = crypto.createHash('sha256');
  for (const p of parts) {
    h.update(p);
    h.update('\0');
  }
  return h.digest('hex');
}

let generatorFingerprint: string | undefined;
/** Changes whenever the generator, the parser or the SEF compiler changes, so stale artefacts are never reused. */
function generatorVersion(): string {
  if (!generatorFingerprint) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const xslt3 = (require('xslt3/package.json') as { version: string }).version;
    generatorFingerprint = sha256([
      fs.readFileSync(path.join(__dirname, 'generate-xslt.ts')),
      fs.readFileSync(path.join(__dirname, 'parse.ts')),
      `xslt3@${xslt3}`,
    ]);
  }
  return generatorFingerprint;
}

export function packSourceFiles(pack: RulePack, dirs: BuildDirs): string[] {
  return pack.files.map((f) => path.join(dirs.rulesDir, f));
}

/**
 * Source hashes by file, kept while the file's size and modification time stay the same: every validation
 * locates its packs, and reading and hashing the official files (about 1 MB each) every time cost half a
 * millisecond and a megabyte of short-lived buffers per document. A changed file is hashed again.
 */
const hashes = new Map<string, { size: number; mtimeMs: number; hash: string }>();

function sourceFileHash(pack: RulePack, file: string, dirs: BuildDirs): string {
  try {
    const st = fs.statSync(file);
    const hit = hashes.get(file);
    if (hit && hit.size === st.size && hit.mtimeMs === st.mtimeMs) return hit.hash;
    const hash = sha256([fs.readFileSync(file)]);
    hashes.set(file, { size: st.size, mtimeMs: st.mtimeMs, hash });
    return hash;
  } catch {
    throw new Error(`rule pack ${packKey(pack)}: source file ${file} cannot be read (EINVOICE_RULES_DIR=${dirs.rulesDir})`);
  }
}

/** Locates a pack's artefacts in the cache (without building). Throws when a source file is missing. */
export function locatePack(pack: RulePack, dirs: BuildDirs = defaultDirs()): CompiledPack {
  const sources = packSourceFiles(pack, dirs);
  const fileHashes = sources.map((f) => sourceFileHash(pack, f, dirs));
  const sourceHash = fileHashes.length === 1 ? fileHashes[0] : sha256(fileHashes.map((h) => Buffer.from(h)));
  const cacheKey = sha256([sourceHash, generatorVersion()]).slice(0, 16);
  const base = path.join(dirs.cacheDir, `${pack.id}@${pack.version}-${cacheKey}`);
  return { pack, sourceHash, cacheKey, xsltPath: `${base}.xslt`, sefPath: `${base}.sef.json` };
}

function runXslt3(xsltPath: string, sefPath: string): Promise<void> {
  const tmp = `${sefPath}.${process.pid}.${crypto.randomBytes(4).toString('hex')}.tmp`;
  const cli = require.resolve('xslt3/xslt3.js');
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      [cli, `-xsl:${xsltPath}`, `-export:${tmp}`, '-nogo', '-relocate:on'],
      { maxBuffer: 16 * 1024 * 1024 },
      (err, _stdout, stderr) => {
        if (err || !fs.existsSync(tmp)) {
          fs.rmSync(tmp, { force: true });
          reject(new Error(`xslt3 failed to compile ${xsltPath}: ${stderr.trim() || err?.message}`));
          return;
        }
        fs.renameSync(tmp, sefPath); // atomic: concurrent builders never see a half-written file
        resolve();
      },
    );
  });
}

function writeAtomic(file: string, content: string): void {
  const tmp = `${file}.${process.pid}.${crypto.randomBytes(4).toString('hex')}.tmp`;
  fs.writeFileSync(tmp, content);
  fs.renameSync(tmp, file);
}

export interface BuildResult {
  compiled: CompiledPack;
  built: boolean;
  ms: number;
}

/** Returns the pack's artefacts, compiling them first when the cache lacks them. */
export async function ensureCompiled(pack: RulePack, dirs: BuildDirs = defaultDirs()): Promise<BuildResult> {
  const t0 = performance.now();
  const compiled = locatePack(pack, dirs);
  if (fs.existsSync(compiled.sefPath)) return { compiled, built: false, ms: performance.now() - t0 };
  fs.mkdirSync(dirs.cacheDir, { recursive: true });
  const sources = packSourceFiles(pack, dirs);
  if (sources.length !== 1) throw new Error(`rule pack ${packKey(pack)}: exactly one Schematron file per pack is supported`);
  const schema = await parseSchematronFile(sources[0]);
  writeAtomic(compiled.xsltPath, generateXslt(schema));
  await runXslt3(compiled.xsltPath, compiled.sefPath);
  return { compiled, built: true, ms: performance.now() - t0 };
}

/** Builds every declared pack (or those given), `parallel` at a time. */
export async function buildPacks(
  packs: readonly RulePack[] = rulePacks,
  dirs: BuildDirs = defaultDirs(),
  parallel = Math.max(1, Math.min(os.availableParallelism(), 4)),
): Promise<BuildResult[]> {
  const results: BuildResult[] = new Array(packs.length);
  let next = 0;
  const workers = Array.from({ length: Math.min(parallel, packs.length) }, async () => {
    while (next < packs.length) {
      const i = next++;
      results[i] = await ensureCompiled(packs[i], dirs);
    }
  });
  await Promise.all(workers);
  return results;
}

/** Removes cached artefacts that no declared pack uses any more. */
export function pruneCache(dirs: BuildDirs = defaultDirs()): string[] {
  if (!fs.existsSync(dirs.cacheDir)) return [];
  const keep = new Set<string>();
  for (const p of rulePacks) {
    try {
      const c = locatePack(p, dirs);
      keep.add(path.basename(c.sefPath));
      keep.add(path.basename(c.xsltPath));
    } catch {
      /* missing sources: nothing to keep */
    }
  }
  const removed: string[] = [];
  for (const f of fs.readdirSync(dirs.cacheDir)) {
    if (!keep.has(f) && (f.endsWith('.sef.json') || f.endsWith('.xslt'))) {
      fs.rmSync(path.join(dirs.cacheDir, f), { force: true });
      removed.push(f);
    }
  }
  return removed;
}
