/**
 * The review of a check (an upload or the manual form), before sending: ONE verdict — blocking
 * findings; already received (a duplicate the pipeline would refuse); valid but addressed to no
 * body of the directory (with the identifiers the hub tried); or ready to be sent to the body the
 * route stage will choose — with the findings, the document's facts and the validation the check got.
 */
import type { Lang } from '../../config/languages';
import type { ValidationReport } from '../../validation/types';
import type { PortalDeps } from './deps';
import { today } from './deps';
import { earlierCopy, factsOf, type DocumentFacts, type EarlierCopy } from './documents';
import { loadDraft, type CheckRecord, type Draft, type DraftKind } from './drafts';
import { mapFinding, type MappedFinding } from './findings';
import { count } from './form';
import { resolveForReview, type RecipientVerdict } from './recipients';
import { trackingFor, unknownLink } from './tokens';

export type Verdict =
  | { kind: 'invalid'; fatal: number }
  | { kind: 'duplicate'; earlier: EarlierCopy }
  | { kind: 'no-recipient'; recipient: Extract<RecipientVerdict, { ok: false }> }
  | { kind: 'sendable'; recipient: Extract<RecipientVerdict, { ok: true }> };

export interface Review {
  token: string;
  kind: DraftKind;
  filename: string | null;
  fromPdf: boolean;
  verdict: Verdict;
  findings: MappedFinding[];
  facts: DocumentFacts | null;
}

/** Where a private link leads instead of a review: the receipt (already sent) or the form (not checked). */
export type ReviewRedirect = { redirect: 'receipt'; tracking: string } | { redirect: 'draft'; token: string };

/** The part of a validation report a check keeps. */
export function checkRecordOf(report: ValidationReport): CheckRecord {
  return { valid: report.valid, scenario: report.scenario, engine: report.engine, packs: report.packs.map((p) => ({ id: p.id, version: p.version, hash: p.hash })), findings: report.findings };
}

/** The verdict on checked XML: what the review shows and what sending requires. */
export async function verdictOf(deps: Pick<PortalDeps, 'store' | 'clock'>, xml: Buffer, valid: boolean, fatal: number, facts: DocumentFacts | null, lang: Lang): Promise<Verdict> {
  if (!valid) return { kind: 'invalid', fatal };
  const earlier = await earlierCopy(deps.store, facts);
  if (earlier !== null) return { kind: 'duplicate', earlier };
  const recipient = await resolveForReview(deps.store, xml, today(deps), lang);
  return recipient.ok ? { kind: 'sendable', recipient } : { kind: 'no-recipient', recipient };
}

async function reviewOfDraft(deps: Pick<PortalDeps, 'store' | 'clock'>, d: Draft, xmlSha: string, lang: Lang): Promise<Review> {
  const xml = await deps.store.blobs.get(xmlSha);
  const check = d.data.check;
  const findings = check?.findings ?? [];
  const allowances = d.data.fields ? count(new Map(d.data.fields), 'allowances') : 0;
  const facts = factsOf(xml);
  const fatal = findings.filter((f) => f.flag === 'fatal').length;
  return {
    token: d.token, kind: d.kind, filename: d.data.filename ?? null, fromPdf: d.data.fromPdf === true,
    verdict: await verdictOf(deps, xml, d.valid, fatal, facts, lang),
    // no form fields on this page: no field links
    findings: findings.map((f) => mapFinding(f, { allowances, fields: new Set() })),
    facts,
  };
}

/** The review of a private link, or where the link leads instead. */
export async function reviewOf(deps: Pick<PortalDeps, 'store' | 'clock'>, token: string, lang: Lang): Promise<Review | ReviewRedirect> {
  const d = await loadDraft(deps, token);
  if (d.documentId !== null) return { redirect: 'receipt', tracking: trackingFor(token) };
  if (d.xmlSha256 === null) return { redirect: 'draft', token };
  return reviewOfDraft(deps, d, d.xmlSha256, lang);
}

/** The checked XML of a link and the validation it got (the PDF preview of the review). */
export async function checkedXml(deps: Pick<PortalDeps, 'store' | 'clock'>, token: string): Promise<{ xml: Buffer; check: CheckRecord | null }> {
  const d = await loadDraft(deps, token);
  if (d.xmlSha256 === null) throw unknownLink();
  return { xml: await deps.store.blobs.get(d.xmlSha256), check: d.data.check ?? null };
}
