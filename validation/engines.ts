/**
 * The two Schematron back ends behind one shape: `saxon` (reference: the hub's XSLT compiled to SEF,
 * run by saxon-js) and `compiled` (the same `.sch` compiled into JavaScript closures).
 * `EINVOICE_ENGINE` (or `ValidateOptions.engine`) chooses; the report names the engine used.
 */
import { ensureCompiled, locatePack, type CompiledPack } from '../schematron/build';
import type { RulePack } from '../schematron/manifest';
import * as compiled from './schematron-compiled';
import * as saxon from './schematron-saxon';
import type { Finding } from './types';

export type EngineName = 'saxon' | 'compiled';

export interface SchematronEngine {
  name: EngineName;
  /** Makes the pack runnable (compiles or loads its artefacts); throws when it cannot (fail closed). */
  prepare(pack: RulePack): Promise<CompiledPack>;
  /** The document in the engine's own tree, shared by every pack of one validation. */
  parse(text: string): Promise<unknown>;
  /** Runs one prepared pack; throws when the rules cannot be evaluated. */
  run(pack: CompiledPack, source: unknown): Finding[];
}

const engines: Record<EngineName, SchematronEngine> = {
  saxon: {
    name: 'saxon',
    prepare: async (pack) => (await ensureCompiled(pack)).compiled,
    parse: (text) => saxon.parseForSaxon(text),
    run: (pack, source) => saxon.runPack(pack, source),
  },
  compiled: {
    name: 'compiled',
    prepare: async (pack) => {
      const located = locatePack(pack);
      await compiled.preloadPack(located);
      return located;
    },
    parse: async (text) => compiled.parseForCompiled(text),
    run: (pack, source) => compiled.runPack(pack, source as ReturnType<typeof compiled.parseForCompiled>),
  },
};

export function isEngineName(name: string): name is EngineName {
  return name === 'saxon' || name === 'compiled';
}

export function schematronEngine(name: string): SchematronEngine {
  if (!isEngineName(name)) throw new Error(`unknown Schematron engine "${name}" (EINVOICE_ENGINE must be saxon or compiled)`);
  return engines[name];
}
