/**
 * One validation: input checks → well-formedness → scenario selection → XML Schema → each Schematron
 * pack of the scenario, in order. Every phase runs when the document is well-formed, so a sender sees
 * all problems at once. A phase that cannot run (missing pack, engine error) is a fatal `engine`
 * finding: the report is then never valid (fail closed).
 */
import { config } from '../config';
import type { CompiledPack } from '../schematron/build';
import { findPack, packKey, type PackChoice, type RulePack } from '../schematron/manifest';
import { packsFor, selectScenario, xsdPath, type Detected } from './scenarios';
import { schematronEngine, type SchematronEngine } from './engines';
import type { Finding, PhaseTiming, ValidateOptions, ValidationReport } from './types';
import { linesOfLocations } from './locate-lines';
import { decodeXml, findDoctype, parseXml, type XmlDocument } from './xml-input';
import { validateXsd } from './xsd';


export function today(): string {
  return new Date().toISOString().slice(0, 10);
}

function detect(doc: XmlDocument): Detected {
  const root = doc.root;
  const ns = root.namespaceUri || null;
  const text = (xpath: string): string | null => {
    const v = root.eval(`normalize-space(${xpath})`);
    return typeof v === 'string' && v !== '' ? v : null;
  };
  return {
    rootNamespace: ns,
    rootName: root.name,
    customizationId:
      text("/*/*[local-name()='CustomizationID'][1]") ??
      text("/*/*[local-name()='ExchangedDocumentContext']/*[local-name()='GuidelineSpecifiedDocumentContextParameter']/*[local-name()='ID'][1]"),
    profileId:
      text("/*/*[local-name()='ProfileID'][1]") ??
      text("/*/*[local-name()='ExchangedDocumentContext']/*[local-name()='BusinessProcessSpecifiedDocumentContextParameter']/*[local-name()='ID'][1]"),
  };
}

function engineFinding(ruleId: string, message: string): Finding {
  return { source: 'engine', ruleId, flag: 'fatal', location: '/', message };
}

/** Validates one document. Never throws for bad input: every problem is a finding. */
export async function validate(bytes: Buffer, opts: ValidateOptions = {}): Promise<ValidationReport> {
  const date = opts.date ?? today();
  const findings: Finding[] = [];
  const phases: PhaseTiming[] = [];
  const engineName = opts.engine ?? config.engine;
  const report: ValidationReport = { valid: false, scenario: null, engine: engineName, date, packs: [], findings, phases };
  const timed = async <T>(phase: string, fn: () => Promise<T> | T): Promise<{ ok: true; value: T } | { ok: false; error: unknown }> => {
    const t0 = performance.now();
    try {
      const value = await fn();
      phases.push({ phase, ms: Math.round((performance.now() - t0) * 100) / 100, ran: true });
      return { ok: true, value };
    } catch (error) {
      phases.push({ phase, ms: Math.round((performance.now() - t0) * 100) / 100, ran: false });
      return { ok: false, error };
    }
  };
  const finish = (): ValidationReport => {
    report.valid = phases.every((p) => p.ran) && !findings.some((f) => f.flag === 'fatal');
    return report;
  };

  let engine: SchematronEngine;
  try {
    engine = schematronEngine(engineName);
  } catch (err) {
    findings.push(engineFinding('HUB-ENGINE', (err as Error).message));
    return finish();
  }
  if (opts.date !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(opts.date)) {
    findings.push(engineFinding('HUB-DATE', `The reception date "${opts.date}" is not a date of the form YYYY-MM-DD.`));
    return finish();
  }

  // 1. Bytes → text; DOCTYPE refused before any parser sees the document.
  const decoded = decodeXml(bytes, config.maxDocumentBytes);
  if (!decoded.ok) {
    findings.push(decoded.finding);
    return finish();
  }
  const doctype = findDoctype(decoded.text);
  if (doctype) {
    findings.push(doctype);
    return finish();
  }

  // 2. Well-formedness.
  const parsed = await timed('parse', () => parseXml(decoded.text));
  if (!parsed.ok) {
    findings.push(engineFinding('HUB-ENGINE', `The XML parser could not run: ${String(parsed.error)}`));
    return finish();
  }
  if (!parsed.value.ok) {
    findings.push(...parsed.value.findings);
    return finish();
  }
  const doc = parsed.value.doc;
  let disposed = false;
  try {
    // 3. Scenario.
    const detected = detect(doc);
    report.detected = detected;
    const selection = selectScenario(detected, opts.scenario);
    if (!selection.ok) {
      findings.push({ source: 'scenario', ruleId: selection.ruleId, flag: 'fatal', location: '/', line: doc.root.line, message: selection.message });
      return finish();
    }
    report.scenario = selection.scenario.id;
    if (opts.accept !== undefined && !opts.accept.includes(selection.scenario.id)) {
      findings.push({
        source: 'scenario', ruleId: 'HUB-SCENARIO-NOT-ACCEPTED', flag: 'fatal', location: '/', line: doc.root.line,
        message: `The document was recognised as: ${selection.scenario.title} (scenario ${selection.scenario.id}). Only invoices and credit notes are received here (scenarios ${opts.accept.join(', ')}).`,
      });
      return finish();
    }
    if (selection.note) findings.push({ source: 'scenario', ruleId: 'HUB-SCENARIO-CIUS', flag: 'information', location: '/', message: selection.note });

    // 4. XML Schema.
    if (!opts.skipXsd) {
      const xsd = await timed('xsd', () => validateXsd(doc, xsdPath(selection.root), decoded.text));
      if (xsd.ok) findings.push(...xsd.value);
      else findings.push(engineFinding('HUB-ENGINE-XSD', `The XML Schema phase could not run: ${(xsd.error as Error).message ?? String(xsd.error)}`));
    }

    // 5. Schematron packs in force on the date.
    const choices: PackChoice[] = [];
    if (opts.packs) {
      for (const { id, version } of opts.packs) {
        const pack = findPack(id, version);
        if (pack) choices.push({ pack, note: null });
        else findings.push(engineFinding('HUB-ENGINE-PACK', `Rule pack ${id}@${version} is not declared in the manifest.`));
      }
    } else choices.push(...packsFor(selection.scenario, date));
    for (const c of choices) {
      if (c.note) findings.push({ source: 'scenario', ruleId: 'HUB-RULES-DATE', flag: 'information', location: '/', message: c.note });
    }
    const compiled: (CompiledPack | null)[] = [];
    for (const { pack } of choices) {
      const built = await timed(`load ${packKey(pack)}`, () => engine.prepare(pack));
      if (built.ok) {
        compiled.push(built.value);
        report.packs.push({ id: pack.id, version: pack.version, hash: built.value.sourceHash });
      } else {
        compiled.push(null);
        findings.push(engineFinding('HUB-ENGINE-PACK', `Rule pack ${packKey(pack)} is not available: ${(built.error as Error).message}`));
      }
    }
    // The libxml2 tree is not needed any more: free it before the Schematron engine builds its own.
    doc.dispose();
    disposed = true;
    const source = await timed('schematron parse', () => engine.parse(decoded.text));
    const schematronFindings: Finding[] = [];
    choices.forEach(({ pack }: { pack: RulePack }, i) => {
      const c = compiled[i];
      if (!c) return;
      if (!source.ok) {
        phases.push({ phase: packKey(pack), ms: 0, ran: false });
        findings.push(engineFinding('HUB-ENGINE-SCHEMATRON', `Rule pack ${packKey(pack)} could not run: the Schematron engine could not read the document (${(source.error as Error).message}).`));
        return;
      }
      const t0 = performance.now();
      try {
        const found = engine.run(c, source.value);
        schematronFindings.push(...found);
        findings.push(...found);
        phases.push({ phase: packKey(pack), ms: Math.round((performance.now() - t0) * 100) / 100, ran: true });
      } catch (err) {
        phases.push({ phase: packKey(pack), ms: Math.round((performance.now() - t0) * 100) / 100, ran: false });
        findings.push(engineFinding('HUB-ENGINE-SCHEMATRON', `Rule pack ${packKey(pack)} could not run: ${(err as Error).message}`));
      }
    });
    // Source lines of the Schematron findings, all in one pass over the text.
    const lines = linesOfLocations(decoded.text, schematronFindings.map((f) => f.location));
    for (const f of schematronFindings) {
      const line = lines.get(f.location);
      if (line) f.line = line;
    }
    return finish();
  } finally {
    if (!disposed) doc.dispose();
  }
}
