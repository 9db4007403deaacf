/**
 * Validation scenarios (KoSIT style), one declared table: which documents a scenario accepts (root
 * element, specification identifier, optionally profile), which XML Schema applies, and which rule packs
 * run after it, in order. The release of each pack is chosen by the reception date (`packInForce`).
 */
import path from 'node:path';
import { config } from '../config';
import { packInForce, type PackChoice } from '../schematron/manifest';
import { HUB_TEXTS, hubMessage, NO_ROOT, type HubTextKey, type Localized } from './hub-texts';
import type { FindingMessages } from './types';

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
  /** The title in French and German (the hub's findings name the scenario a document was recognised as). */
  titles: { fr: string; de: string };
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
    titles: { fr: 'facture ou avoir Peppol BIS Billing 3.0, UBL', de: 'Rechnung oder Gutschrift nach Peppol BIS Billing 3.0, UBL' },
    roots: [UBL_INVOICE, UBL_CREDIT_NOTE],
    specificationIds: [PEPPOL_BILLING_ID],
    packs: ['cen-en16931-ubl', 'peppol-bis-billing-3-ubl'],
  },
  {
    id: 'peppol-bis-billing-cii',
    title: 'Peppol BIS Billing 3.0 invoice or credit note, CII',
    titles: { fr: 'facture ou avoir Peppol BIS Billing 3.0, CII', de: 'Rechnung oder Gutschrift nach Peppol BIS Billing 3.0, CII' },
    roots: [CII_INVOICE],
    specificationIds: [PEPPOL_BILLING_ID],
    packs: ['cen-en16931-cii', 'peppol-bis-billing-3-cii'],
  },
  {
    id: 'peppol-self-billing-ubl',
    title: 'Peppol BIS Self-Billing 3.0, UBL',
    titles: { fr: 'autofacturation Peppol BIS Self-Billing 3.0, UBL', de: 'Gutschriftsverfahren nach Peppol BIS Self-Billing 3.0, UBL' },
    roots: [UBL_INVOICE, UBL_CREDIT_NOTE],
    specificationIds: [PEPPOL_SELF_BILLING_ID],
    packs: ['cen-en16931-ubl', 'peppol-self-billing-ubl'],
  },
  {
    id: 'en16931-ubl',
    title: 'EN 16931 invoice or credit note, UBL (CEN rules only)',
    titles: { fr: 'facture ou avoir EN 16931, UBL (règles du CEN seulement)', de: 'Rechnung oder Gutschrift nach EN 16931, UBL (nur die CEN-Regeln)' },
    roots: [UBL_INVOICE, UBL_CREDIT_NOTE],
    specificationIds: [EN16931_ID],
    packs: ['cen-en16931-ubl'],
  },
  {
    id: 'en16931-cii',
    title: 'EN 16931 invoice or credit note, CII (CEN rules only)',
    titles: { fr: 'facture ou avoir EN 16931, CII (règles du CEN seulement)', de: 'Rechnung oder Gutschrift nach EN 16931, CII (nur die CEN-Regeln)' },
    roots: [CII_INVOICE],
    specificationIds: [EN16931_ID],
    packs: ['cen-en16931-cii'],
  },
  {
    id: 'peppol-mls',
    title: 'Peppol Message Level Status (UBL ApplicationResponse)',
    titles: { fr: 'réponse d’état Peppol Message Level Status (ApplicationResponse UBL)', de: 'Statusmeldung Peppol Message Level Status (UBL ApplicationResponse)' },
    roots: [UBL_APPLICATION_RESPONSE],
    specificationIds: [PEPPOL_MLS_ID],
    packs: ['peppol-mls'],
  },
  {
    // Same root as MLS: told apart by the CustomizationID.
    id: 'peppol-invoice-response',
    title: 'Peppol BIS Invoice Response 3.1, T111 (UBL ApplicationResponse)',
    titles: { fr: 'réponse à une facture Peppol BIS Invoice Response 3.1, T111 (ApplicationResponse UBL)', de: 'Rechnungsantwort nach Peppol BIS Invoice Response 3.1, T111 (UBL ApplicationResponse)' },
    roots: [UBL_APPLICATION_RESPONSE],
    specificationIds: [PEPPOL_INVOICE_RESPONSE_ID],
    packs: ['peppol-invoice-response'],
  },
  {
    id: 'peppol-tsr',
    title: 'Peppol Reporting: Transaction Statistics Report 1.0',
    titles: { fr: 'rapport Peppol Reporting\u00a0: Transaction Statistics Report 1.0', de: 'Peppol-Bericht: Transaction Statistics Report 1.0' },
    roots: [PEPPOL_TSR],
    specificationIds: [PEPPOL_TSR_ID],
    packs: ['peppol-tsr'],
  },
  {
    id: 'peppol-eusr',
    title: 'Peppol Reporting: End User Statistics Report 1.1',
    titles: { fr: 'rapport Peppol Reporting\u00a0: End User Statistics Report 1.1', de: 'Peppol-Bericht: End User Statistics Report 1.1' },
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
export const knownCiusAndExtensions: readonly { pattern: RegExp; name: string; names: { fr: string; de: string } }[] = [
  { pattern: /^urn:cen\.eu:en16931:2017#compliant#urn:xeinkauf\.de:kosit:xrechnung_/, name: 'XRechnung (CIUS)', names: { fr: 'XRechnung (CIUS)', de: 'XRechnung (CIUS)' } },
  { pattern: /^urn:cen\.eu:en16931:2017#conformant#urn:xeinkauf\.de:kosit:extension:xrechnung_/, name: 'XRechnung extension', names: { fr: 'extension XRechnung', de: 'XRechnung-Erweiterung' } },
  { pattern: /^urn:cen\.eu:en16931:2017#conformant#urn:factur-x\.eu:1p0:extended$/, name: 'Factur-X / ZUGFeRD EXTENDED', names: { fr: 'Factur-X / ZUGFeRD EXTENDED', de: 'Factur-X / ZUGFeRD EXTENDED' } },
  { pattern: /^urn:factur-x\.eu:1p0:(basic|basicwl|minimum)$/, name: 'Factur-X / ZUGFeRD BASIC', names: { fr: 'Factur-X / ZUGFeRD BASIC', de: 'Factur-X / ZUGFeRD BASIC' } },
  { pattern: /^urn:ferd:CrossIndustryDocument:invoice:1p0:(comfort|extended)$/, name: 'ZUGFeRD 1.0 (as used in the CEN examples)', names: { fr: 'ZUGFeRD 1.0 (tel qu’utilisé dans les exemples du CEN)', de: 'ZUGFeRD 1.0 (wie in den CEN-Beispielen verwendet)' } },
  { pattern: /^urn:cen\.eu:en16931:2017#(compliant|conformant)#/, name: 'EN 16931 CIUS or extension', names: { fr: 'CIUS ou extension de l’EN 16931', de: 'CIUS oder Erweiterung der EN 16931' } },
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
  | { ok: false; ruleId: string; message: string; messages: FindingMessages };

function rootOf(scenario: Scenario, d: Detected): RootType | undefined {
  return scenario.roots.find((r) => r.namespace === d.rootNamespace && r.name === d.rootName);
}

const describeRoot = (d: Detected): string | Localized => (d.rootName ? `{${d.rootNamespace ?? ''}}${d.rootName}` : NO_ROOT);

/** Where the specification identifier of a document with this root stands. */
function specificationIdElement(d: Detected): string {
  if (d.rootNamespace === NS.cii) return 'BT-24, ram:GuidelineSpecifiedDocumentContextParameter/ram:ID';
  if (d.rootNamespace === NS.ublInvoice || d.rootNamespace === NS.ublCreditNote) return 'BT-24, cbc:CustomizationID';
  if (d.rootNamespace === NS.ublApplicationResponse) return 'cbc:CustomizationID';
  return 'CustomizationID';
}

function refused(key: HubTextKey, values: Parameters<typeof hubMessage>[1]): Extract<Selection, { ok: false }> {
  return { ok: false, ruleId: HUB_TEXTS[key].ruleId, ...hubMessage(key, values) };
}

/** Chooses the scenario for a document, or says precisely why none applies. */
export function selectScenario(d: Detected, forced?: string): Selection {
  if (forced) {
    const s = scenarioById(forced);
    if (!s) return refused('scenarioUnknown', { scenario: forced, known: scenarios.map((x) => x.id).join(', ') });
    const root = rootOf(s, d);
    if (!root) {
      const names = s.roots.map((r) => r.name);
      return refused('scenarioRoot', { scenario: s.id, roots: { en: names.join(' or '), fr: names.join(' ou '), de: names.join(' oder ') }, root: describeRoot(d) });
    }
    return { ok: true, scenario: s, root, note: null };
  }

  const candidates = scenarios.filter((s) => rootOf(s, d));
  if (candidates.length === 0) {
    const accepted = [...new Set(scenarios.flatMap((s) => s.roots.map((r) => `${r.name} (${r.namespace})`)))];
    return refused('rootNotAccepted', { root: describeRoot(d), accepted: accepted.join('; ') });
  }
  const specId = d.customizationId;
  const acceptedIds = [...new Set(candidates.flatMap((s) => s.specificationIds))].join(', ');
  if (!specId) return refused('specificationIdMissing', { root: String(d.rootName), element: specificationIdElement(d), accepted: acceptedIds });
  const exact = candidates.find((s) => s.specificationIds.includes(specId));
  if (exact) return { ok: true, scenario: exact, root: rootOf(exact, d)!, note: null };

  const cius = knownCiusAndExtensions.find((c) => c.pattern.test(specId));
  const base = candidates.find((s) => s.specificationIds.includes(EN16931_ID));
  if (cius && base) {
    return {
      ok: true,
      scenario: base,
      root: rootOf(base, d)!,
      note: hubMessage('ciusValidatedAsEn16931', { id: specId, name: { en: cius.name, ...cius.names }, scenario: base.id }).message,
    };
  }
  return refused(base ? 'specificationIdUnknownOrCius' : 'specificationIdUnknown', { id: specId, element: specificationIdElement(d), root: String(d.rootName), accepted: acceptedIds });
}

/** The pack releases a scenario uses on a date. */
export function packsFor(scenario: Scenario, date: string, earlyAdoption = config.rulesEarlyAdoption): PackChoice[] {
  return scenario.packs.map((id) => packInForce(id, date, earlyAdoption));
}

export function xsdPath(root: RootType, xsdDir = config.xsdDir): string {
  return path.join(xsdDir, root.xsd);
}
