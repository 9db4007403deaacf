/**
 * XML Schema validation with libxml2 (libxml2-wasm). Each schema is compiled once per process and the
 * compiled validator kept: compiling a schema costs far more than validating against a kept one
 * (libxmljs2 re-compiled on every call; figures in docs/BENCHMARKS.md).
 */
import fs from 'node:fs';
import { hubMessage } from './hub-texts';
import { loadLibxml, parseXml, type XmlDocument } from './xml-input';
import type { Finding } from './types';

type XsdValidator = import('libxml2-wasm', { with: { 'resolution-mode': 'import' } }).XsdValidator;

const validators = new Map<string, Promise<XsdValidator>>();
let fsProvidersRegistered = false;

async function compile(xsdFile: string): Promise<XsdValidator> {
  const lx = await loadLibxml();
  if (!fsProvidersRegistered) {
    const { xmlRegisterFsInputProviders } = await import('libxml2-wasm/lib/nodejs.mjs');
    xmlRegisterFsInputProviders(); // lets xs:include / xs:import resolve file: URLs relative to the schema
    fsProvidersRegistered = true;
  }
  if (!fs.existsSync(xsdFile)) throw new Error(`XML Schema ${xsdFile} does not exist (EINVOICE_XSD_DIR)`);
  // The schema document stays alive as long as the validator (libxml2's compiled schema refers to it).
  const schemaDoc = lx.XmlDocument.fromBuffer(fs.readFileSync(xsdFile), { url: `file://${xsdFile}` });
  return lx.XsdValidator.fromDoc(schemaDoc);
}

/** The compiled validator for a schema file (compiled on first use, then kept). */
export function xsdValidator(xsdFile: string): Promise<XsdValidator> {
  let v = validators.get(xsdFile);
  if (!v) {
    v = compile(xsdFile);
    validators.set(xsdFile, v);
    v.catch(() => validators.delete(xsdFile));
  }
  return v;
}

type ValidateErrorDetail = { message: string; line: number; xpath?: string | null };

/** libxml2 reports "'  2025-03-11  ' is not a valid value of the atomic type 'xs:date'" for UBL's simple content. */
const UNCOLLAPSED = /^Element '[^']*': '(\s+[^']*|[^']*\s+)' is not a valid value of the atomic type 'xs:/;

/**
 * Leaf element text with its surrounding blanks removed (newlines kept, so line numbers stay true).
 * Used only to re-check documents whose sole problem may be libxml2 not applying the XML Schema
 * `whiteSpace="collapse"` facet of xs:date, xs:decimal… to the simple content of UBL's complex types.
 */
export function trimLeafText(text: string): string {
  return text.replace(/(<[A-Za-z_][^<>]*[^/<>]>)([ \t\r\n]+)?([^<]*?)([ \t\r\n]+)?(<\/)/g, (_m, open: string, lead = '', body: string, trail = '', close: string) =>
    `${open}${lead.replace(/[^\n]/g, '')}${body}${trail.replace(/[^\n]/g, '')}${close}`,
  );
}

async function runValidator(doc: XmlDocument, xsdFile: string): Promise<ValidateErrorDetail[]> {
  const lx = await loadLibxml();
  const validator = await xsdValidator(xsdFile);
  try {
    validator.validate(doc);
    return [];
  } catch (err) {
    if (!(err instanceof lx.XmlValidateError)) throw err;
    return err.details;
  }
}

/**
 * Validates a parsed document; returns the schema violations as findings (empty when valid).
 * `text` is the document's text, needed only for the whitespace re-check described at `trimLeafText`.
 */
export async function validateXsd(doc: XmlDocument, xsdFile: string, text?: string): Promise<Finding[]> {
  let details = await runValidator(doc, xsdFile);
  if (text !== undefined && details.some((d) => UNCOLLAPSED.test(d.message))) {
    const trimmed = await parseXml(trimLeafText(text));
    if (trimmed.ok) {
      try {
        details = await runValidator(trimmed.doc, xsdFile);
      } finally {
        trimmed.doc.dispose();
      }
    }
  }
  // libxml2's messages are English: the French and German quote them after a lead-in of their own
  return details.map((d) => ({
    source: 'xsd' as const,
    ruleId: 'XSD',
    flag: 'fatal' as const,
    location: d.xpath ?? '/',
    ...(d.line ? { line: d.line } : {}),
    ...hubMessage('xsd', { detail: d.message.trim() }),
  }));
}
