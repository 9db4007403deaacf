/**
 * Duplicate detection: a valid document whose seller key, invoice number, issue date and type code
 * equal those of an earlier document that passed validation is a duplicate of it. Runs inside the
 * transaction that records the validation, under an advisory lock on the business key, so two copies
 * validated at the same instant (in one process or on two hosts) cannot both pass.
 */
import type { Database } from '../../db/client';
import * as repo from '../../db/repositories/documents';
import { PASSED_VALIDATION, type DocumentState } from './states';

export interface BusinessKey { sellerKey: string; invoiceNumber: string; issueDate: string | null; typeCode: string | null }

/**
 * The document already received with the same key (one that passed validation), without taking the
 * lock: what the portal asks before sending, to warn the supplier. The validate stage still decides.
 */
export async function earlierWithKey(db: Database, key: BusinessKey): Promise<{ id: string; receivedAt: string } | undefined> {
  return repo.findEarlierWithKey(db, null, key, PASSED_VALIDATION);
}

/** The id of the earliest other document with the same key in one of `counted`, or undefined. */
export async function findEarlierDuplicate(tx: Database, documentId: string, key: BusinessKey, counted: readonly DocumentState[]): Promise<string | undefined> {
  await repo.lockKey(tx, 'business-key', `${key.sellerKey}\u001f${key.invoiceNumber}`);
  return (await repo.findEarlierWithKey(tx, documentId, key, counted))?.id;
}
