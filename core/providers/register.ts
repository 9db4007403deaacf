/**
 * The register of Peppol service providers: seat id, name, country, contact, status, the date the
 * Authority took the provider over, notes. Every change is audited (staff audit log, same
 * transaction); bad input is a CoreError `invalid-provider` naming the field.
 */
import * as repo from '../../db/repositories/providers';
import type { Store } from '../../db/store';
import { audit } from '../accounts/staff';
import { CoreError } from '../errors';

export type { ServiceProviderRow } from '../../db/repositories/providers';

export const SEAT_RE = /^P[A-Z]{2}[0-9]{6}$/;
export const PROVIDER_STATUSES = ['active', 'suspended'] as const;

export function isSeatId(v: string): boolean {
  return SEAT_RE.test(v);
}

const invalid = (field: string, detail: string): CoreError => new CoreError('invalid', 'invalid-provider', 'Invalid provider', detail, { field });

function text(input: Record<string, unknown>, key: string, max: number): string {
  const v = input[key];
  if (v === undefined || v === null) return '';
  if (typeof v !== 'string') throw invalid(key, `${key} must be text`);
  if (v.length > max) throw invalid(key, `${key}: at most ${max} characters`);
  return v.trim();
}

/** The register entry as written, checked (throws CoreError). */
export function providerInput(input: Record<string, unknown>): repo.ProviderFields {
  const seatId = text(input, 'seatId', 9).toUpperCase();
  if (!SEAT_RE.test(seatId)) throw invalid('seatId', 'seatId: a Peppol seat id, P + 2 letters + 6 digits (e.g. PLU000001)');
  const name = text(input, 'name', 300);
  if (name === '') throw invalid('name', 'name is required');
  const country = text(input, 'country', 2).toUpperCase();
  if (!/^[A-Z]{2}$/.test(country)) throw invalid('country', 'country: ISO 3166-1 alpha-2 code (e.g. LU)');
  const status = text(input, 'status', 20) || 'active';
  if (status !== 'active' && status !== 'suspended') throw invalid('status', 'status: active or suspended');
  const takenOverAt = text(input, 'takenOverAt', 10) || null;
  if (takenOverAt !== null && (!/^\d{4}-\d{2}-\d{2}$/.test(takenOverAt) || Number.isNaN(Date.parse(takenOverAt)))) throw invalid('takenOverAt', 'takenOverAt: a date YYYY-MM-DD');
  return { seatId, name, country, status, takenOverAt, contact: text(input, 'contact', 500), notes: text(input, 'notes', 4000) };
}

/** Creates or updates a provider (audited in the same transaction); returns the stored row. */
export async function saveProvider(store: Pick<Store, 'db'>, input: Record<string, unknown>, actor: string, at = new Date()): Promise<repo.ServiceProviderRow> {
  const row = providerInput(input);
  return store.db.transaction(async (tx) => {
    await repo.lockProvider(tx, row.seatId);
    const before = await repo.providerRow(tx, row.seatId);
    const saved = await repo.upsertProvider(tx, row, at.toISOString());
    await audit({ db: tx }, actor, before === undefined ? 'provider-create' : 'provider-update', `provider:${row.seatId}`, { before: before ?? null, after: row }, at);
    return saved;
  });
}

export async function listProviders(store: Pick<Store, 'db'>): Promise<repo.ServiceProviderRow[]> {
  return repo.providerRows(store.db);
}

export async function providerOf(store: Pick<Store, 'db'>, seatId: string): Promise<repo.ServiceProviderRow | undefined> {
  return repo.providerRow(store.db, seatId);
}
