/**
 * The reference Schematron engine: the hub's generated XSLT, compiled to SEF, executed by saxon-js.
 * A stylesheet is loaded once per process and kept; the source document is parsed once per validation
 * and shared by every pack.
 */
import fs from 'node:fs';
import SaxonJS from 'saxon-js';
import type { CompiledPack } from '../schematron/build';
import { packKey } from '../schematron/manifest';
import type { Finding } from './types';

interface RawFinding {
  id: string;
  flag: 'fatal' | 'warning' | 'information';
  location: string;
  message: string;
}

const stylesheets = new Map<string, object>();

function stylesheet(sefPath: string): object {
  let s = stylesheets.get(sefPath);
  if (!s) {
    s = JSON.parse(fs.readFileSync(sefPath, 'utf8')) as object;
    stylesheets.set(sefPath, s);
  }
  return s;
}

/** Loads the pack's stylesheet ahead of the first document (start-up warm-up). */
export function preloadPack(pack: CompiledPack): void {
  stylesheet(pack.sefPath);
}

/** The document parsed into saxon-js's own tree, to be shared by every pack of one validation. */
export function parseForSaxon(text: string): Promise<unknown> {
  return SaxonJS.getResource({ text, type: 'xml' });
}

/** Runs one pack on a parsed document. Throws when the stylesheet cannot run (the caller fails closed). */
export function runPack(pack: CompiledPack, source: unknown): Finding[] {
  const result = SaxonJS.transform({ stylesheetInternal: stylesheet(pack.sefPath), sourceNode: source, destination: 'serialized' }, 'sync');
  const json = typeof result.principalResult === 'string' ? result.principalResult : '[]';
  const raw = JSON.parse(json) as RawFinding[];
  const key = packKey(pack.pack);
  return raw.map((r) => ({ source: 'schematron', ruleId: r.id, flag: r.flag, location: r.location, message: r.message, pack: key }));
}
