/**
 * The compiled Schematron engine: the same official `.sch` files compiled into JavaScript
 * closures (`schematron/compiled/`), run on a compact document tree built once per validation and shared
 * by every pack. Same shape as `schematron-saxon.ts`: `preloadPack` (async, once per pack and process),
 * `parseForCompiled` (once per document), `runPack` (sync, per pack).
 */
import path from 'node:path';
import { config } from '../config';
import type { CompiledPack } from '../schematron/build';
import { compiledSchemaFor } from '../schematron/compiled/cache';
import type { CompiledSchema } from '../schematron/compiled/engine';
import { runSchema } from '../schematron/compiled/engine';
import { buildTree, type XDocument } from '../schematron/compiled/tree';
import { packKey } from '../schematron/manifest';
import type { Finding } from './types';

const ready = new Map<string, CompiledSchema>();

function sourceFile(pack: CompiledPack): string {
  // The `.sch` sits in the rules directory; the artefact cache is where the SEF is.
  if (pack.pack.files.length !== 1) throw new Error(`rule pack ${packKey(pack.pack)}: exactly one Schematron file per pack is supported`);
  return path.join(packRulesDir(), pack.pack.files[0]);
}

let rulesDirOverride: string | null = null;
/** For tests and tools that build packs from another rules directory. */
export function setRulesDir(dir: string | null): void {
  rulesDirOverride = dir;
}
function packRulesDir(): string {
  return rulesDirOverride ?? config.rulesDir;
}

/** Compiles (or fetches from the cache) the pack's rules. Must be awaited before `runPack`. */
export async function preloadPack(pack: CompiledPack): Promise<CompiledSchema> {
  const hit = ready.get(pack.cacheKey + pack.sourceHash);
  if (hit) return hit;
  const schema = await compiledSchemaFor({
    file: sourceFile(pack),
    sourceHash: pack.sourceHash,
    cacheDir: path.dirname(pack.sefPath),
    name: packKey(pack.pack),
  });
  ready.set(pack.cacheKey + pack.sourceHash, schema);
  return schema;
}

/** The document as the compiled engine's tree, to be shared by every pack of one validation. */
export function parseForCompiled(text: string): XDocument {
  return buildTree(text);
}

/** Runs one pack on a parsed document. Throws when the rules cannot be evaluated (the caller fails closed). */
export function runPack(pack: CompiledPack, source: XDocument): Finding[] {
  const schema = ready.get(pack.cacheKey + pack.sourceHash);
  if (!schema) throw new Error(`rule pack ${packKey(pack.pack)} is not loaded in the compiled engine (call preloadPack first)`);
  const key = packKey(pack.pack);
  return runSchema(schema, source).map((r) => ({ source: 'schematron', ruleId: r.id, flag: r.flag, location: r.location, message: r.message, pack: key }));
}
