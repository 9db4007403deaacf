/**
 * A status as people read it, in their language: the status and each reason and action by its code
 * and name (codes.ts), the body's texts as written, the paid amount. The web inbox, the portal's
 * status page and the supplier's mail show this.
 */
import type { Lang } from '../../config/languages';
import { actionCodes, isActionCode, isReasonCode, isResponseCode, reasonCodes, responseCodes } from './codes';
import type { Clarification, StatusRequest } from './rules';
import * as repo from '../../db/repositories/responses';
import type { Store } from '../store';
import type { StatusRow } from './status';
import type { Clarified, StatusLine } from '../../templates/inbox/status-form';

/** A reason or action with its name: what the inbox's status list shows (templates/inbox/status-form.ts). */
export type ShownClarification = Clarified;

/** A status as the pages show it (the inbox's `StatusLine`), with its id. */
export interface ShownStatus extends StatusLine {
  id: string;
}

export function statusName(code: string, lang: Lang): string {
  return isResponseCode(code) ? responseCodes[code][lang] : code;
}

export function reasonName(code: string, lang: Lang): string {
  return isReasonCode(code) ? reasonCodes[code][lang] : code;
}

export function actionName(code: string, lang: Lang): string {
  return isActionCode(code) ? actionCodes[code][lang] : code;
}

export function shownStatus(r: StatusRow, lang: Lang): ShownStatus {
  const q = r.request as Partial<StatusRequest>;
  const c = (list: Clarification[] | undefined, name: (code: string, lang: Lang) => string): ShownClarification[] =>
    (list ?? []).map((x) => ({ code: x.code, name: name(x.code, lang), text: x.text ?? null }));
  return {
    id: r.id, code: r.code, name: statusName(r.code, lang), at: r.createdAt, reasons: c(q.reasons, reasonName), actions: c(q.actions, actionName),
    note: q.note ?? null, effectiveDate: q.effectiveDate ?? null, paidAmount: q.paidAmount ?? null, currency: q.currency ?? null,
    responseState: r.responseState, delivery: r.delivery,
  };
}

/** The last status of each of these documents (the lists' column). */
export async function lastStatuses(store: Pick<Store, 'db'>, documentIds: readonly string[]): Promise<Map<string, StatusRow>> {
  const out = new Map<string, StatusRow>();
  for (const r of await repo.responsesOfDocuments(store.db, documentIds)) out.set(r.documentId, r);
  return out;
}
