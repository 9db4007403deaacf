/**
 * `einvoice validate <file…> [--json] [--lang fr|de|en] [--date YYYY-MM-DD] [--scenario ID] [--skip-xsd]`
 * Exit 0: all valid; 1: some invalid; 2: usage or I/O error (an impossible `--date`, an unknown
 * `--scenario`: the known ones are listed; a `--lang` other than fr, de, en).
 * A Peppol SBDH envelope is opened as at ingest (`core/documents/envelope.ts`): the business document
 * inside is validated, the output says so, and finding lines are lines of the file as given.
 * The readable output is in `--lang` (default en): each finding's text is the French or German rule
 * text (`findingText`; the official English, marked, only where a text were missing).
 * `--json` prints one object per file per line, whatever `--lang`: file, valid, scenario, findings
 * (ruleId, flag, location, message — the official English —, messages {fr, de}, line, source, pack),
 * packs, engine, date, phases, and `envelope` for an SBDH.
 */
import fs from 'node:fs';
import { inspectSubmission, type SbdhInfo } from '../../core/documents/envelope';
import { isLang, type Lang } from '../../config/languages';
import { CoreError } from '../../core/errors';
import { findingPlainText } from '../../templates/findings';
import { today, validate, type Finding, type ValidationReport } from '../../validation';
import { hubMessage } from '../../validation/hub-texts';
import { checkDateOption, checkScenarioOption, parseCommandArgs, stdoutClosed, usageError } from '../args';
import type { CliCommand } from '../main';

const USAGE = 'usage: einvoice validate <file…> [--json] [--lang fr|de|en] [--date YYYY-MM-DD] [--scenario ID] [--skip-xsd]';

/** What the CLI says about the envelope of a document that came in one. */
interface EnvelopeNote {
  type: 'sbdh';
  /** The envelope could not be opened: why (the document is then invalid). */
  error?: string;
  sender?: string | null;
  receiver?: string | null;
  documentType?: string | null;
  process?: string | null;
  instanceId?: string | null;
  /** Root element of the business document validated. */
  document?: string;
  /** Line of the file where the business document starts (finding lines are lines of the file). */
  line?: number;
}

const SBDH_ROOT = /^(?:\uFEFF)?\s*(?:<\?xml[^>]*\?>\s*)?(?:<!--[\s\S]*?-->\s*)*<(?:[A-Za-z_][\w.-]*:)?StandardBusinessDocument[\s>]/;
const HEADER_END = /<\/(?:[A-Za-z_][\w.-]*:)?StandardBusinessDocumentHeader\s*>/;

function lineAt(bytes: Buffer, offset: number): number {
  let n = 1;
  for (let i = bytes.indexOf(0x0a); i >= 0 && i < offset; i = bytes.indexOf(0x0a, i + 1)) n++;
  return n;
}

/** The business document to validate: the file itself, or the payload of its SBDH envelope. */
function unwrap(bytes: Buffer): { payload: Buffer; envelope?: EnvelopeNote } {
  const head = bytes.subarray(0, 4096).toString('latin1');
  if (!SBDH_ROOT.test(head)) return { payload: bytes };
  let sbdh: SbdhInfo | null;
  let payload: Buffer;
  let rootName: string;
  try {
    ({ sbdh, payload, rootName } = inspectSubmission(bytes));
  } catch (e) {
    if (e instanceof CoreError) return { payload: bytes, envelope: { type: 'sbdh', error: e.detail } };
    throw e;
  }
  if (sbdh === null) return { payload: bytes };
  const headerEnd = HEADER_END.exec(bytes.toString('latin1'));
  const start = bytes.indexOf(payload.subarray(0, Math.min(payload.length, 256)), headerEnd ? headerEnd.index : 0);
  return {
    payload,
    envelope: {
      type: 'sbdh',
      sender: sbdh.senderId,
      receiver: sbdh.receiverId,
      documentType: sbdh.documentTypeId,
      process: sbdh.processId,
      instanceId: sbdh.instanceId,
      document: rootName,
      line: start >= 0 ? lineAt(bytes, start) : undefined,
    },
  };
}

/** The report of an envelope that could not be opened. */
function envelopeFailure(message: string, date: string | undefined): ValidationReport {
  return {
    valid: false,
    scenario: null,
    engine: '-',
    date: date ?? today(),
    packs: [],
    findings: [{ source: 'syntax', ruleId: 'SBDH', flag: 'fatal', location: '/', line: 1, ...hubMessage('sbdhUnreadable', { detail: message }) }],
    phases: [],
  };
}

/** The words of the readable output. */
const WORDS: Record<Lang, {
  valid: string; invalid: string; noScenario: string; receptionDate: string; engine: string; line: string;
  flags: Record<Finding['flag'], string>; notRun: string;
  envelopeUnreadable: string; envelope: (parts: string, document: string, line: string) => string; sender: string; receiver: string; instance: string;
}> = {
  en: {
    valid: 'valid', invalid: 'INVALID', noScenario: 'no scenario', receptionDate: 'reception date', engine: 'engine', line: 'line',
    flags: { fatal: 'fatal', warning: 'warning', information: 'information' }, notRun: 'phases that could not run',
    envelopeUnreadable: 'SBDH envelope: cannot be opened, nothing inside was validated',
    envelope: (parts, document, line) => `SBDH envelope (${parts}): the business document inside was validated (${document} from line ${line}; finding lines are lines of this file, locations are in the business document)`,
    sender: 'sender', receiver: 'receiver', instance: 'instance',
  },
  fr: {
    valid: 'valide', invalid: 'NON VALIDE', noScenario: 'aucun scénario', receptionDate: 'date de réception', engine: 'moteur', line: 'ligne',
    flags: { fatal: 'bloquant', warning: 'avertissement', information: 'information' }, notRun: 'phases qui n’ont pas pu s’exécuter',
    envelopeUnreadable: 'enveloppe SBDH\u00a0: impossible à ouvrir, rien de son contenu n’a été validé',
    envelope: (parts, document, line) => `enveloppe SBDH (${parts})\u00a0: le document métier qu’elle contient a été validé (${document} à partir de la ligne ${line}\u00a0; les lignes des constats sont celles de ce fichier, les emplacements ceux du document métier)`,
    sender: 'expéditeur', receiver: 'destinataire', instance: 'instance',
  },
  de: {
    valid: 'gültig', invalid: 'UNGÜLTIG', noScenario: 'kein Szenario', receptionDate: 'Empfangsdatum', engine: 'Engine', line: 'Zeile',
    flags: { fatal: 'schwerwiegend', warning: 'Warnung', information: 'Information' }, notRun: 'Phasen, die nicht ausgeführt werden konnten',
    envelopeUnreadable: 'SBDH-Umschlag: kann nicht geöffnet werden, nichts darin wurde geprüft',
    envelope: (parts, document, line) => `SBDH-Umschlag (${parts}): Das darin enthaltene Geschäftsdokument wurde geprüft (${document} ab Zeile ${line}; die Zeilen der Befunde sind Zeilen dieser Datei, die Fundstellen beziehen sich auf das Geschäftsdokument)`,
    sender: 'Absender', receiver: 'Empfänger', instance: 'Instanz',
  },
};

function envelopeText(e: EnvelopeNote, lang: Lang): string {
  const w = WORDS[lang];
  if (e.error !== undefined) return `  ${w.envelopeUnreadable}`;
  const parts = [`${w.sender} ${e.sender ?? '?'}`, `${w.receiver} ${e.receiver ?? '?'}`, ...(e.instanceId ? [`${w.instance} ${e.instanceId}`] : [])];
  return `  ${w.envelope(parts.join(', '), e.document ?? '?', e.line === undefined ? '?' : String(e.line))}`;
}

function readable(file: string, r: ValidationReport, envelope: EnvelopeNote | undefined, lang: Lang): string {
  const w = WORDS[lang];
  const head = `${r.valid ? '✓' : '✗'} ${file}: ${r.valid ? w.valid : w.invalid}${r.scenario ? ` (${r.scenario}` : ` (${w.noScenario}`}${
    r.packs.length ? `; ${r.packs.map((p) => `${p.id}@${p.version}`).join(', ')}` : ''
  }; ${w.receptionDate} ${r.date}; ${w.engine} ${r.engine})`;
  const counts = (['fatal', 'warning', 'information'] as const).map((f) => `${r.findings.filter((x) => x.flag === f).length} ${w.flags[f]}`).join(', ');
  const lines = [head, ...(envelope ? [envelopeText(envelope, lang)] : []), `  ${counts}`];
  const width = Math.max(11, ...Object.values(w.flags).map((x) => x.length));
  for (const f of r.findings) {
    lines.push(`  ${w.flags[f.flag].padEnd(width)} ${f.ruleId}${f.line ? `  ${w.line} ${f.line}` : ''}  ${f.location}`);
    lines.push(`  ${' '.repeat(width)} ${findingPlainText(f, lang)}`);
  }
  const failed = r.phases.filter((p) => !p.ran).map((p) => p.phase);
  if (failed.length) lines.push(`  ${w.notRun}: ${failed.join(', ')}`);
  return lines.join('\n');
}

export const command: CliCommand = {
  summary: 'validate invoices, credit notes and MLS responses (XSD + Schematron; SBDH envelopes opened); exit 0 valid, 1 invalid, 2 error',
  async run(argv) {
    const parsed = parseCommandArgs('validate', USAGE, argv, {
      json: { type: 'boolean' },
      date: { type: 'string' },
      scenario: { type: 'string' },
      'skip-xsd': { type: 'boolean' },
      lang: { type: 'string', default: 'en' },
    });
    if (typeof parsed === 'number') return parsed;
    const { values, positionals } = parsed;
    if (positionals.length === 0) return usageError('validate', 'no file given', USAGE);
    const bad = checkDateOption('validate', values.date, USAGE) ?? checkScenarioOption('validate', values.scenario);
    if (bad !== null) return bad;
    const lang = values.lang;
    if (!isLang(lang)) return usageError('validate', `--lang must be fr, de or en, got "${lang}"`, USAGE);
    let code = 0;
    for (const file of positionals) {
      if (stdoutClosed()) break;
      let bytes: Buffer;
      try {
        bytes = fs.readFileSync(file);
      } catch (err) {
        process.stderr.write(`einvoice validate: cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}\n`);
        code = 2;
        continue;
      }
      const { payload, envelope } = unwrap(bytes);
      const report =
        envelope?.error !== undefined
          ? envelopeFailure(envelope.error, values.date)
          : await validate(payload, { date: values.date, scenario: values.scenario, skipXsd: values['skip-xsd'] });
      const shift = (f: Finding): number | undefined => (f.line !== undefined && envelope?.line !== undefined && envelope.error === undefined ? f.line + envelope.line - 1 : f.line);
      if (!report.valid && code === 0) code = 1;
      if (values.json) {
        process.stdout.write(
          JSON.stringify({
            file,
            valid: report.valid,
            scenario: report.scenario,
            findings: report.findings.map((f) => {
              const line = shift(f);
              return {
                ruleId: f.ruleId, flag: f.flag, location: f.location, message: f.message, messages: f.messages ?? {},
                ...(line ? { line } : {}), source: f.source, ...(f.pack !== undefined ? { pack: f.pack } : {}),
              };
            }),
            packs: report.packs,
            engine: report.engine,
            date: report.date,
            phases: report.phases,
            ...(envelope ? { envelope } : {}),
          }) + '\n',
        );
      } else {
        process.stdout.write(readable(file, { ...report, findings: report.findings.map((f) => ({ ...f, line: shift(f) })) }, envelope, lang) + '\n');
      }
    }
    return code;
  },
};
