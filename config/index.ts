/**
 * Every setting the hub reads from its environment, in one place, with its default.
 * This module imports nothing of the project, so every layer may use it.
 */
import path from 'node:path';

const projectRoot = path.resolve(__dirname, '..');

function env(name: string): string | undefined {
  const v = process.env[name];
  return v === undefined || v === '' ? undefined : v;
}

function intEnv(name: string, fallback: number): number {
  const raw = env(name);
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0) throw new Error(`${name} must be a non-negative integer, got "${raw}"`);
  return n;
}

export const config = {
  projectRoot,
  /** Official Schematron rule files (read-only, never copied into the repository). */
  get rulesDir(): string { return path.resolve(env('EINVOICE_RULES_DIR') ?? path.join(projectRoot, '..', 'shared', 'rules')); },
  /** Official XML Schemas (UBL 2.1, CII D16B). */
  get xsdDir(): string { return path.resolve(env('EINVOICE_XSD_DIR') ?? path.join(projectRoot, '..', 'shared', 'xsd')); },
  /** Compiled rule artefacts (XSLT, SEF), cached by content hash; git-ignored. */
  get cacheDir(): string { return path.resolve(env('EINVOICE_CACHE_DIR') ?? path.join(projectRoot, '.cache', 'rules')); },
  /** SQLite database and content-addressed files. */
  get dataDir(): string { return path.resolve(env('EINVOICE_DATA_DIR') ?? path.join(process.cwd(), 'var')); },
  get redisUrl(): string { return env('REDIS_URL') ?? 'redis://127.0.0.1:6379'; },
  get port(): number { return intEnv('PORT', 8080); },
  get adminToken(): string | undefined { return env('EINVOICE_ADMIN_TOKEN'); },
  /** Largest document accepted, in bytes (enforced while streaming). */
  get maxDocumentBytes(): number { return intEnv('EINVOICE_MAX_DOCUMENT_BYTES', 50 * 1024 * 1024); },
  /** Validation engine: `saxon` (reference, saxon-js on SEF) — `compiled` once issue 10 lands. */
  get engine(): string { return env('EINVOICE_ENGINE') ?? 'saxon'; },
  /** Milliseconds a single Schematron phase may take before it is reported as failed (fail closed). */
  get validationTimeoutMs(): number { return intEnv('EINVOICE_VALIDATION_TIMEOUT_MS', 600_000); },
};
