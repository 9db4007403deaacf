/**
 * Drafts of the manual-entry form and checked uploads: one `portal_drafts` row each, reached by a
 * private link, kept `EINVOICE_PORTAL_DRAFT_DAYS` days after their last change. The form's fields
 * are stored flat (name → text) exactly as posted, so a draft resumes as it was typed; a check
 * stores the XML it produced or received (by SHA-256) with the validation it got, which is what the
 * review shows, the PDF preview carries and the send reads.
 */
import crypto from 'node:crypto';
import * as repo from '../../db/repositories/portal';
import type { Store } from '../../db/store';
import type { Finding } from '../../validation/types';
import { hashToken, isToken, newToken, unknownLink } from './tokens';

export type DraftKind = 'form' | 'upload';

/** The validation a check got (what the review lists and the PDF preview states). */
export interface CheckRecord {
  valid: boolean;
  scenario: string | null;
  engine: string | null;
  packs: { id: string; version: string; hash?: string }[];
  findings: Finding[];
}

export interface DraftData {
  /** The form's fields in the order posted (form drafts). */
  fields?: [string, string][];
  /** Name of the uploaded file (uploads). */
  filename?: string;
  /** The XML checked was extracted from a Factur-X / ZUGFeRD PDF (uploads). */
  fromPdf?: boolean;
  /** Address for a refusal notice, given on the upload page (the form carries its own field). */
  notifyEmail?: string;
  /** The last check (set with the XML). */
  check?: CheckRecord;
}

export interface Draft {
  id: string;
  token: string;
  kind: DraftKind;
  data: DraftData;
  /** SHA-256 of the XML checked; null until a check. */
  xmlSha256: string | null;
  valid: boolean;
  /** SHA-256 of the form data the XML was produced from. */
  checkedDataHash: string | null;
  expiresAt: string;
  /** The document it became, once sent. */
  documentId: string | null;
}

export interface DraftDeps {
  store: Store;
  clock: () => Date;
  /** Days a draft stays reachable after its last change. */
  draftDays: number;
}

function toDraft(token: string, row: repo.PortalDraftRow): Draft {
  return {
    id: row.id, token, kind: row.kind === 'upload' ? 'upload' : 'form', data: row.data as DraftData, xmlSha256: row.xmlSha256,
    valid: row.valid, checkedDataHash: row.checkedDataHash, expiresAt: row.expiresAt, documentId: row.documentId,
  };
}

/** The draft of a private link (of that kind, when given); an unknown, expired or malformed link is a not-found CoreError. */
export async function loadDraft(deps: Pick<DraftDeps, 'store' | 'clock'>, token: string, kind?: DraftKind): Promise<Draft> {
  if (!isToken(token)) throw unknownLink();
  const row = await repo.findLiveDraft(deps.store.db, hashToken(token), deps.clock().toISOString());
  if (row === undefined || (kind !== undefined && row.kind !== kind)) throw unknownLink();
  return toDraft(token, row);
}

/** The expiry of a link, or null when it does not lead to a live draft. */
export async function draftExpiry(deps: Pick<DraftDeps, 'store' | 'clock'>, token: string): Promise<string | null> {
  if (!isToken(token)) return null;
  return (await repo.findLiveDraft(deps.store.db, hashToken(token), deps.clock().toISOString()))?.expiresAt ?? null;
}

export interface CheckedXml {
  sha256: string;
  valid: boolean;
  /** Hash of the form data it was produced from (forms). */
  dataHash: string | null;
}

/**
 * Writes a draft: the unsent draft of `token` when there is one of that kind, else a new one with
 * a new link. Answers the link. Expired, never sent drafts are deleted on the way.
 */
export async function saveDraft(deps: DraftDeps, token: string | null, kind: DraftKind, data: DraftData, xml: CheckedXml | null): Promise<string> {
  const now = deps.clock();
  const at = now.toISOString();
  const expiresAt = new Date(now.getTime() + deps.draftDays * 86_400_000).toISOString();
  const db = deps.store.db;
  await repo.deleteExpiredDrafts(db, at);
  const checked = { xmlSha256: xml?.sha256 ?? null, valid: xml?.valid ?? false, checkedDataHash: xml?.dataHash ?? null };
  if (token !== null && isToken(token) && await repo.updateOpenDraft(db, hashToken(token), kind, { data: { ...data }, updatedAt: at, expiresAt, ...checked })) return token;
  const fresh = newToken();
  await repo.insertDraft(db, { id: crypto.randomUUID(), tokenHash: hashToken(fresh), kind, data: { ...data }, createdAt: at, updatedAt: at, expiresAt, ...checked });
  return fresh;
}
