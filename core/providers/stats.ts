/**
 * What a Peppol service provider (a sending access point, by seat id) handed in: documents sent,
 * rejected, duplicates, the rejection rate (exact decimal string, 4 places), its most frequent
 * failing rules (from the stored validation reports of its rejected documents) and the monthly
 * trend; and the same counts for every seat id that sent anything, registered or not.
 */
import * as repo from '../../db/repositories/providers';
import type { Store } from '../../db/store';
import type { FindingMessages } from '../../validation/types';
import { fatalFindings } from '../documents/queues';
import { isIsoDate } from '../directory/types';
import { CoreError } from '../errors';

export interface ProviderStats {
  seatId: string;
  sent: number;
  rejected: number;
  duplicates: number;
  /** rejected / sent, as a decimal string with 4 places ("0.2500"); "0.0000" when nothing was sent. */
  rejectionRate: string;
  /** `text`: the rule's official text (English); `messages`: the same in French and German. */
  topRules: { ruleId: string; count: number; text: string; messages?: FindingMessages }[];
  /** Per month (YYYY-MM, UTC): documents sent and rejected. */
  months: { month: string; sent: number; rejected: number }[];
}

/** Rejected documents whose reports are read for the top rules (the latest first). */
const RULE_SCAN = 20_000;

/** A reception period of days (YYYY-MM-DD); anything else is refused. */
export function dayRange(o: { from?: string; to?: string }): repo.DayRange {
  for (const [k, v] of Object.entries(o)) {
    if (v !== undefined && !isIsoDate(v)) throw new CoreError('invalid', 'bad-parameter', 'Bad parameter', `${k} must be a date YYYY-MM-DD`);
  }
  return { ...(o.from !== undefined ? { from: o.from } : {}), ...(o.to !== undefined ? { to: o.to } : {}) };
}

export async function providerStats(store: Store, seatId: string, o: { from?: string; to?: string } = {}): Promise<ProviderStats> {
  const range = dayRange(o);
  const totals = await repo.providerTotals(store.db, seatId, range);
  const rules = new Map<string, ProviderStats['topRules'][number]>();
  for (const d of await repo.rejectedDocuments(store.db, seatId, range, RULE_SCAN)) {
    const seen = new Set<string>();
    for (const f of await fatalFindings(store, d.id)) {
      if (seen.has(f.ruleId)) continue;
      seen.add(f.ruleId);
      const g = rules.get(f.ruleId) ?? { ruleId: f.ruleId, count: 0, text: f.message, ...(f.messages ? { messages: f.messages } : {}) };
      g.count++;
      rules.set(f.ruleId, g);
    }
  }
  return {
    seatId, ...totals,
    topRules: [...rules.values()].sort((a, b) => b.count - a.count || (a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0)).slice(0, 10),
    months: await repo.providerMonths(store.db, seatId, range),
  };
}

/** Sent / rejected per seat id that sent anything (registered or not). */
export async function providerOverview(store: Pick<Store, 'db'>): Promise<{ seatId: string; sent: number; rejected: number; rejectionRate: string }[]> {
  return repo.providerOverviewRows(store.db);
}

/** The register with each provider's counts, and the seat ids that sent without being registered. */
export async function providersWithCounts(store: Pick<Store, 'db'>): Promise<(repo.ServiceProviderRow & { sent: number; rejected: number; rejectionRate: string })[]> {
  const over = new Map((await repo.providerOverviewRows(store.db)).map((o) => [o.seatId, o]));
  return (await repo.providerRows(store.db)).map((p) => ({ ...p, sent: over.get(p.seatId)?.sent ?? 0, rejected: over.get(p.seatId)?.rejected ?? 0, rejectionRate: over.get(p.seatId)?.rejectionRate ?? '0.0000' }));
}
