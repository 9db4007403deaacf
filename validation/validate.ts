/**
 * One validation: input checks → well-formedness → scenario selection → XML Schema → each Schematron
 * pack of the scenario, in order. Every phase runs when the document is well-formed, so a sender sees
 * all problems at once. A phase that cannot run (missing pack, engine error) is a fatal `engine`
 * finding: the report is then never valid (fail closed).
 */
import { config } from '../config';
import type { CompiledPack } from '../schematron/build';
import { findPack, packKey, type PackChoice, type RulePack } from '../schematron/manifest';
import { HUB_TEXTS, hubMessage, type HubTextKey } from './hub-texts';
import { withMessages } from './messages';
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

function engineFinding(key: HubTextKey, values: Parameters<typeof hubMessage>[1] = {}): Finding {
  return { source: 'engine', ruleId: HUB_TEXTS[key].ruleId, flag: 'fatal', location: '/', ...hubMessage(key, values) };
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
    // the French and German of every finding: the rule texts of the pack and release for Schematron's, the hub's for the others
    findings.forEach((f, i) => {
      findings[i] = withMessages(f);
    });
    return report;
  };

  let engine: SchematronEngine;
  try {
    engine = schematronEngine(engineName);
  } catch (err) {
    findings.push(engineFinding('engineUnavailable', { detail: (err as Error).message }));
    return finish();
  }
  if (opts.date !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(opts.date)) {
    findings.push(engineFinding('dateInvalid', { date: opts.date }));
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
    findings.push(engineFinding('parserFailed', { detail: String(parsed.error) }));
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
      findings.push({ source: 'scenario', ruleId: selection.ruleId, flag: 'fatal', location: '/', line: doc.root.line, message: selection.message, messages: selection.messages });
      return finish();
    }
    report.scenario = selection.scenario.id;
    if (opts.accept !== undefined && !opts.accept.includes(selection.scenario.id)) {
      const s = selection.scenario;
      findings.push({
        source: 'scenario', ruleId: 'HUB-SCENARIO-NOT-ACCEPTED', flag: 'fatal', location: '/', line: doc.root.line,
        ...hubMessage('scenarioNotAccepted', { title: { en: s.title, ...s.titles }, scenario: s.id, accepted: opts.accept.join(', ') }),
      });
      return finish();
    }
    if (selection.note) findings.push({ source: 'scenario', ruleId: 'HUB-SCENARIO-CIUS', flag: 'information', location: '/', message: selection.note });

    // 4. XML Schema.
    if (!opts.skipXsd) {
      const xsd = await timed('xsd', () => validateXsd(doc, xsdPath(selection.root), decoded.text));
      if (xsd.ok) findings.push(...xsd.value);
      else findings.push(engineFinding('xsdPhaseFailed', { detail: (xsd.error as Error).message ?? String(xsd.error) }));
    }

    // 5. Schematron packs in force on the date.
    const choices: PackChoice[] = [];
    if (opts.packs) {
      for (const { id, version } of opts.packs) {
        const pack = findPack(id, version);
        if (pack) choices.push({ pack, note: null });
        else findings.push(engineFinding('packUndeclared', { pack: `${id}@${version}` }));
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
        findings.push(engineFinding('packUnavailable', { pack: packKey(pack), detail: (built.error as Error).message }));
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
        findings.push(engineFinding('packUnreadableDocument', { pack: packKey(pack), detail: (source.error as Error).message }));
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
        findings.push(engineFinding('packFailed', { pack: packKey(pack), detail: (err as Error).message }));
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
