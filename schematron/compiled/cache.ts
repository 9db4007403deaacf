/**
 * The compiled-pack cache. Closures cannot be stored, but compiling a parsed schema takes a fraction of
 * a second; what is slow at start-up is reading the large official `.sch` files with libxml2. So:
 * - the parsed schema (`SchematronSchema`, plain data) is kept on disk as JSON next to the SEF artefacts,
 *   keyed by the pack's source hash and the fingerprint of this engine's parser and compiler;
 * - the compiled schema is kept in memory per process, keyed the same way.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { SchematronSchema } from '../parse';
import { parseSchematronFile } from '../parse';
import { compileSchema, type CompiledSchema } from './engine';

const memory = new Map<string, Promise<CompiledSchema>>();

/**
 * Fingerprint of an engine directory: every source file in it (a module added later counts without being
 * listed anywhere) and the Schematron parser beside it (`../parse.ts`).
 */
export function fingerprintOf(dir: string): string {
  const h = crypto.createHash('sha256');
  const engineFiles = fs
    .readdirSync(dir)
    .filter((f) => /\.[cm]?[jt]s$/.test(f) && !f.endsWith('.d.ts'))
    .sort();
  for (const f of [path.join(dir, '..', 'parse.ts'), ...engineFiles.map((x) => path.join(dir, x))]) {
    h.update(path.basename(f));
    h.update('\0');
    h.update(fs.readFileSync(f));
    h.update('\0');
  }
  return h.digest('hex').slice(0, 16);
}

let fingerprint: string | undefined;
/** Changes whenever the parser or this engine changes, so stale cached schemas are never reused. */
export function engineFingerprint(): string {
  fingerprint ??= fingerprintOf(__dirname);
  return fingerprint;
}

export interface CompiledSchemaSource {
  /** The `.sch` file. */
  file: string;
  /** SHA-256 of the source (from the pack build), or null to hash here. */
  sourceHash: string | null;
  /** Directory for the parsed-schema JSON (null: memory only). */
  cacheDir: string | null;
  /** Base name for the cache file, e.g. `cen-en16931-ubl@1.3.16`. */
  name: string;
}

function writeAtomic(file: string, content: string): void {
  const tmp = `${file}.${process.pid}.${crypto.randomBytes(4).toString('hex')}.tmp`;
  fs.writeFileSync(tmp, content);
  fs.renameSync(tmp, file);
}

async function load(src: CompiledSchemaSource, key: string): Promise<CompiledSchema> {
  let schema: SchematronSchema | null = null;
  const jsonPath = src.cacheDir ? path.join(src.cacheDir, `${src.name}-${key}.schema.json`) : null;
  if (jsonPath && fs.existsSync(jsonPath)) {
    try {
      schema = JSON.parse(fs.readFileSync(jsonPath, 'utf8')) as SchematronSchema;
    } catch {
      schema = null; // unreadable cache entry: parse again
    }
  }
  if (!schema) {
    schema = await parseSchematronFile(src.file);
    if (jsonPath) {
      fs.mkdirSync(path.dirname(jsonPath), { recursive: true });
      writeAtomic(jsonPath, JSON.stringify(schema));
    }
  }
  return compileSchema(schema);
}

/** The compiled schema of a `.sch` file, compiled once per process. */
export function compiledSchemaFor(src: CompiledSchemaSource): Promise<CompiledSchema> {
  const sourceHash = src.sourceHash ?? crypto.createHash('sha256').update(fs.readFileSync(src.file)).digest('hex');
  const key = `${sourceHash.slice(0, 16)}-${engineFingerprint()}`;
  let p = memory.get(key);
  if (!p) {
    p = load(src, key);
    memory.set(key, p);
    p.catch(() => memory.delete(key));
  }
  return p;
}
