/**
 * Validation scenarios (KoSIT style), one declared table: which documents a scenario accepts (root
 * element, specification identifier, optionally profile), which XML Schema applies, and which rule packs
 * run after it, in order. The release of each pack is chosen by the reception date (`packInForce`).
 */
import path from 'node:path';
import { config } from '../config';
import { packInForce, type PackChoice } from '../schematron/manifest';

export const NS = {
  ublInvoice: 'urn:oasis:names:specification:ubl:schema:xsd:Invoice-2',
  ublCreditNote: 'urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2',
  ublApplicationResponse: 'urn:oasis:names:specification:ubl:schema:xsd:ApplicationResponse-2',
  cii: 'urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100',
  peppolTsr: 'urn:fdc:peppol:transaction-statistics-report:1.0',
  peppolEusr: 'urn:fdc:peppol:end-user-statistics-report:1.1',
} as const;

export interface RootType {
  namespace: string;
  name: string;
  /** XML Schema, relative to the XSD directory. */
  xsd: string;
}

const UBL_INVOICE: RootType = { namespace: NS.ublInvoice, name: 'Invoice', xsd: 'ubl-2.1/maindoc/UBL-Invoice-2.1.xsd' };
const UBL_CREDIT_NOTE: RootType = { namespace: NS.ublCreditNote, name: 'CreditNote', xsd: 'ubl-2.1/maindoc/UBL-CreditNote-2.1.xsd' };
const UBL_APPLICATION_RESPONSE: RootType = {
  namespace: NS.ublApplicationResponse,
  name: 'ApplicationResponse',
  xsd: 'ubl-2.1/maindoc/UBL-ApplicationResponse-2.1.xsd',
};
const CII_INVOICE: RootType = {
  namespace: NS.cii,
  name: 'CrossIndustryInvoice',
  xsd: 'cii-d16b/uncefact/data/standard/CrossIndustryInvoice_100pD16B.xsd',
};

/** Peppol Reporting: the XML Schemas of `../shared/xsd/peppol-reporting/` (their root elements and target namespaces). */
const PEPPOL_TSR: RootType = {
  namespace: NS.peppolTsr,
  name: 'TransactionStatisticsReport',
  xsd: 'peppol-reporting/peppol-transaction-statistics-reporting-1.0.xsd',
};
const PEPPOL_EUSR: RootType = {
  namespace: NS.peppolEusr,
  name: 'EndUserStatisticsReport',
  xsd: 'peppol-reporting/peppol-end-user-statistics-reporting-1.1.xsd',
};

export const PEPPOL_BILLING_ID = 'urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol.eu:2017:poacc:billing:3.0';
export const PEPPOL_SELF_BILLING_ID = 'urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol.eu:2017:poacc:selfbilling:3.0';
export const EN16931_ID = 'urn:cen.eu:en16931:2017';
export const PEPPOL_MLS_ID = 'urn:peppol:edec:mls:1.0';
/** Peppol BIS Invoice Response 3.x (3.0 and 3.1 share it; T111 rule PEPPOL-T111-R003). */
export const PEPPOL_INVOICE_RESPONSE_ID = 'urn:fdc:peppol.eu:poacc:trns:invoice_response:3';
/** Peppol Reporting, as rules SCH-TSR-01 and SCH-EUSR-01 require them. */
export const PEPPOL_TSR_ID = 'urn:fdc:peppol.eu:edec:trns:transaction-statistics-reporting:1.0';
export const PEPPOL_EUSR_ID = 'urn:fdc:peppol.eu:edec:trns:end-user-statistics-report:1.1';

export interface Scenario {
  id: string;
  title: string;
  roots: RootType[];
  /** Specification identifiers (BT-24 / `cbc:CustomizationID` / CII guideline id) accepted, compared after whitespace normalisation. */
  specificationIds: string[];
  /** Rule packs by id, run in this order after the XML Schema. */
  packs: string[];
}

export const scenarios: readonly Scenario[] = [
  {
    id: 'peppol-bis-billing-ubl',
    title: 'Peppol BIS Billing 3.0 invoice or credit note, UBL',
    roots: [UBL_INVOICE, UBL_CREDIT_NOTE],
    specificationIds: [PEPPOL_BILLING_ID],
    packs: ['cen-en16931-ubl', 'peppol-bis-billing-3-ubl'],
  },
  {
    id: 'peppol-bis-billing-cii',
    title: 'Peppol BIS Billing 3.0 invoice or credit note, CII',
    roots: [CII_INVOICE],
    specificationIds: [PEPPOL_BILLING_ID],
    packs: ['cen-en16931-cii', 'peppol-bis-billing-3-cii'],
  },
  {
    id: 'peppol-self-billing-ubl',
    title: 'Peppol BIS Self-Billing 3.0, UBL',
    roots: [UBL_INVOICE, UBL_CREDIT_NOTE],
    specificationIds: [PEPPOL_SELF_BILLING_ID],
    packs: ['cen-en16931-ubl', 'peppol-self-billing-ubl'],
  },
  {
    id: 'en16931-ubl',
    title: 'EN 16931 invoice or credit note, UBL (CEN rules only)',
    roots: [UBL_INVOICE, UBL_CREDIT_NOTE],
    specificationIds: [EN16931_ID],
    packs: ['cen-en16931-ubl'],
  },
  {
    id: 'en16931-cii',
    title: 'EN 16931 invoice or credit note, CII (CEN rules only)',
    roots: [CII_INVOICE],
    specificationIds: [EN16931_ID],
    packs: ['cen-en16931-cii'],
  },
  {
    id: 'peppol-mls',
    title: 'Peppol Message Level Status (UBL ApplicationResponse)',
    roots: [UBL_APPLICATION_RESPONSE],
    specificationIds: [PEPPOL_MLS_ID],
    packs: ['peppol-mls'],
  },
  {
    // Same root as MLS: told apart by the CustomizationID.
    id: 'peppol-invoice-response',
    title: 'Peppol BIS Invoice Response 3.1, T111 (UBL ApplicationResponse)',
    roots: [UBL_APPLICATION_RESPONSE],
    specificationIds: [PEPPOL_INVOICE_RESPONSE_ID],
    packs: ['peppol-invoice-response'],
  },
  {
    id: 'peppol-tsr',
    title: 'Peppol Reporting: Transaction Statistics Report 1.0',
    roots: [PEPPOL_TSR],
    specificationIds: [PEPPOL_TSR_ID],
    packs: ['peppol-tsr'],
  },
  {
    id: 'peppol-eusr',
    title: 'Peppol Reporting: End User Statistics Report 1.1',
    roots: [PEPPOL_EUSR],
    specificationIds: [PEPPOL_EUSR_ID],
    packs: ['peppol-eusr'],
  },
];

/** The scenarios of invoices and credit notes: what the reception pipeline and the portal take (`accept`). */
export const INVOICE_SCENARIOS: readonly string[] = ['peppol-bis-billing-ubl', 'peppol-bis-billing-cii', 'peppol-self-billing-ubl', 'en16931-ubl', 'en16931-cii'];

/**
 * Specification identifiers of EN 16931 CIUS and extensions the hub has no own rules for. They are
 * validated against EN 16931 itself (the standard every public body must accept), with an information
 * finding. Besides these, any `urn:cen.eu:en16931:2017#compliant#…` / `#conformant#…` identifier is
 * treated the same way.
 */
export const knownCiusAndExtensions: readonly { pattern: RegExp; name: string }[] = [
  { pattern: /^urn:cen\.eu:en16931:2017#compliant#urn:xeinkauf\.de:kosit:xrechnung_/, name: 'XRechnung (CIUS)' },
  { pattern: /^urn:cen\.eu:en16931:2017#conformant#urn:xeinkauf\.de:kosit:extension:xrechnung_/, name: 'XRechnung extension' },
  { pattern: /^urn:cen\.eu:en16931:2017#conformant#urn:factur-x\.eu:1p0:extended$/, name: 'Factur-X / ZUGFeRD EXTENDED' },
  { pattern: /^urn:factur-x\.eu:1p0:(basic|basicwl|minimum)$/, name: 'Factur-X / ZUGFeRD BASIC' },
  { pattern: /^urn:ferd:CrossIndustryDocument:invoice:1p0:(comfort|extended)$/, name: 'ZUGFeRD 1.0 (as used in the CEN examples)' },
  { pattern: /^urn:cen\.eu:en16931:2017#(compliant|conformant)#/, name: 'EN 16931 CIUS or extension' },
];

export function scenarioById(id: string): Scenario | undefined {
  return scenarios.find((s) => s.id === id);
}

export interface Detected {
  rootNamespace: string | null;
  rootName: string | null;
  customizationId: string | null;
  profileId: string | null;
}

export type Selection =
  | { ok: true; scenario: Scenario; root: RootType; note: string | null }
  | { ok: false; ruleId: string; message: string };

function rootOf(scenario: Scenario, d: Detected): RootType | undefined {
  return scenario.roots.find((r) => r.namespace === d.rootNamespace && r.name === d.rootName);
}

const describeRoot = (d: Detected) => (d.rootName ? `{${d.rootNamespace ?? ''}}${d.rootName}` : 'no root element');

/** Where the specification identifier of a document with this root stands. */
function specificationIdElement(d: Detected): string {
  if (d.rootNamespace === NS.cii) return 'BT-24, ram:GuidelineSpecifiedDocumentContextParameter/ram:ID';
  if (d.rootNamespace === NS.ublInvoice || d.rootNamespace === NS.ublCreditNote) return 'BT-24, cbc:CustomizationID';
  if (d.rootNamespace === NS.ublApplicationResponse) return 'cbc:CustomizationID';
  return 'CustomizationID';
}

/** Chooses the scenario for a document, or says precisely why none applies. */
export function selectScenario(d: Detected, forced?: string): Selection {
  if (forced) {
    const s = scenarioById(forced);
    if (!s) {
      return { ok: false, ruleId: 'HUB-SCENARIO-UNKNOWN', message: `Unknown scenario "${forced}". Known scenarios: ${scenarios.map((x) => x.id).join(', ')}.` };
    }
    const root = rootOf(s, d);
    if (!root) {
      return {
        ok: false,
        ruleId: 'HUB-SCENARIO-ROOT',
        message: `Scenario ${s.id} accepts ${s.roots.map((r) => r.name).join(' or ')}, but the document root is ${describeRoot(d)}.`,
      };
    }
    return { ok: true, scenario: s, root, note: null };
  }

  const candidates = scenarios.filter((s) => rootOf(s, d));
  if (candidates.length === 0) {
    const accepted = [...new Set(scenarios.flatMap((s) => s.roots.map((r) => `${r.name} (${r.namespace})`)))];
    return {
      ok: false,
      ruleId: 'HUB-ROOT',
      message: `The document root is ${describeRoot(d)}: not a document the hub accepts (an invoice or credit note, an ApplicationResponse or a Peppol report). Accepted roots: ${accepted.join('; ')}.`,
    };
  }
  const specId = d.customizationId;
  if (!specId) {
    return {
      ok: false,
      ruleId: 'HUB-SPECIFICATION-ID',
      message: `The ${d.rootName} has no specification identifier (${specificationIdElement(d)}), so no rule set can be chosen. Accepted: ${[...new Set(candidates.flatMap((s) => s.specificationIds))].join(', ')}.`,
    };
  }
  const exact = candidates.find((s) => s.specificationIds.includes(specId));
  if (exact) return { ok: true, scenario: exact, root: rootOf(exact, d)!, note: null };

  const cius = knownCiusAndExtensions.find((c) => c.pattern.test(specId));
  const base = candidates.find((s) => s.specificationIds.includes(EN16931_ID));
  if (cius && base) {
    return {
      ok: true,
      scenario: base,
      root: rootOf(base, d)!,
      note: `The specification identifier "${specId}" (${cius.name}) has no rule set of its own in the hub: the document was validated against EN 16931 itself (scenario ${base.id}).`,
    };
  }
  return {
    ok: false,
    ruleId: 'HUB-SPECIFICATION-ID',
    message: `The specification identifier "${specId}" (${specificationIdElement(d)}) matches no rule set of the hub for a ${d.rootName}. Accepted: ${[...new Set(candidates.flatMap((s) => s.specificationIds))].join(', ')}${base ? ', or an EN 16931 CIUS/extension (urn:cen.eu:en16931:2017#compliant#… / #conformant#…)' : ''}.`,
  };
}

/** The pack releases a scenario uses on a date. */
export function packsFor(scenario: Scenario, date: string, earlyAdoption = config.rulesEarlyAdoption): PackChoice[] {
  return scenario.packs.map((id) => packInForce(id, date, earlyAdoption));
}

export function xsdPath(root: RootType, xsdDir = config.xsdDir): string {
  return path.join(xsdDir, root.xsd);
}
