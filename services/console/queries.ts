/**
 * Read side of the console: error queues (documents not marked handled in their current state),
 * grouped views (by rule, sending provider, recipient, day) with counts and a 7-day trend,
 * per-provider statistics, the dashboard figures. Plain SQL over the documents and events tables
 * (better-sqlite3, synchronous); findings come from the stored validation reports, which are
 * content-addressed and immutable, so they are cached by hash.
 */
import type { Database } from '../../db/client';
import type { FileStore } from '../../db/file-store';
import type { Finding, ValidationReport } from '../../validation/types';
import { byId } from '../../model/catalogue';

export const QUEUES = {
  rejected: ['rejected'],
  unroutable: ['unroutable'],
  duplicates: ['duplicate'],
  failed: ['validate_failed', 'route_failed', 'render_failed', 'dispatch_failed'],
  stuck: ['received', 'validated', 'routed', 'rendered'],
} as const;
export type QueueName = keyof typeof QUEUES | 'dead-letters';
export const QUEUE_NAMES: QueueName[] = ['rejected', 'unroutable', 'duplicates', 'failed', 'stuck', 'dead-letters'];

export function isQueueName(v: unknown): v is QueueName {
  return typeof v === 'string' && (QUEUE_NAMES as string[]).includes(v);
}

export interface QueueRow {
  id: string;
  state: string;
  channel: string;
  receivedAt: string;
  updatedAt: string;
  sendingAp: string | null;
  recipient: string | null;
  invoiceNumber: string | null;
  lastError: string | null;
  deliveryId?: string;
}

const RECIPIENT = 'coalesce(d.resolved_body_id, d.buyer_endpoint_id, d.receiver_id)';

function queueWhere(q: Exclude<QueueName, 'dead-letters'>, stuckBefore: string): { sql: string; params: unknown[] } {
  const states = QUEUES[q] as readonly string[];
  const marks = states.map(() => '?').join(',');
  const base = `d.state IN (${marks}) AND NOT EXISTS (SELECT 1 FROM document_handled h WHERE h.document_id = d.id AND h.state = d.state)`;
  if (q === 'stuck') return { sql: `${base} AND d.updated_at < ?`, params: [...states, stuckBefore] };
  return { sql: base, params: [...states] };
}

export function queueCounts(db: Database, stuckBefore: string): Record<QueueName, number> {
  const out = {} as Record<QueueName, number>;
  for (const q of QUEUE_NAMES) {
    if (q === 'dead-letters') {
      out[q] = (db.$client.prepare("SELECT count(*) AS n FROM webhook_deliveries WHERE status = 'dead'").get() as { n: number }).n;
      continue;
    }
    const w = queueWhere(q, stuckBefore);
    out[q] = (db.$client.prepare(`SELECT count(*) AS n FROM documents d WHERE ${w.sql}`).get(...w.params) as { n: number }).n;
  }
  return out;
}

export interface QueueFilter { provider?: string; recipient?: string; day?: string; rule?: string }

export function queueRows(db: Database, files: FileStore, q: QueueName, stuckBefore: string, f: QueueFilter = {}, limit = 200, offset = 0): QueueRow[] {
  if (q === 'dead-letters') {
    return db.$client.prepare(`SELECT d.id, d.state, d.channel, d.received_at AS receivedAt, w.created_at AS updatedAt, d.sending_ap AS sendingAp,
      w.body_id AS recipient, d.invoice_number AS invoiceNumber, w.last_error AS lastError, w.id AS deliveryId
      FROM webhook_deliveries w JOIN documents d ON d.id = w.document_id WHERE w.status = 'dead' ORDER BY w.created_at DESC LIMIT ? OFFSET ?`).all(limit, offset) as QueueRow[];
  }
  const w = queueWhere(q, stuckBefore);
  const cond: string[] = [w.sql];
  const params = [...w.params];
  if (f.provider !== undefined) { cond.push('d.sending_ap IS ?'); params.push(f.provider === '-' ? null : f.provider); }
  if (f.recipient !== undefined) { cond.push(`${RECIPIENT} IS ?`); params.push(f.recipient === '-' ? null : f.recipient); }
  if (f.day !== undefined) { cond.push('substr(d.received_at, 1, 10) = ?'); params.push(f.day); }
  const rows = db.$client.prepare(`SELECT d.id, d.state, d.channel, d.received_at AS receivedAt, d.updated_at AS updatedAt, d.sending_ap AS sendingAp,
    ${RECIPIENT} AS recipient, d.invoice_number AS invoiceNumber, d.last_error AS lastError
    FROM documents d WHERE ${cond.join(' AND ')} ORDER BY d.received_at DESC, d.id LIMIT ? OFFSET ?`).all(...params, f.rule !== undefined ? 20000 : limit, f.rule !== undefined ? 0 : offset) as QueueRow[];
  if (f.rule === undefined) return rows;
  return rows.filter((r) => fatalFindings(db, files, r.id).some((x) => x.ruleId === f.rule)).slice(offset, offset + limit);
}

const reportCache = new Map<string, Finding[]>();

/** Fatal findings of a document's stored validation report (empty when there is none). */
export function fatalFindings(db: Database, files: FileStore, documentId: string): Finding[] {
  const sha = db.$client.prepare("SELECT sha256 FROM document_files WHERE document_id = ? AND role = 'validation-report'").pluck().get(documentId) as string | undefined;
  if (sha === undefined) return [];
  const hit = reportCache.get(sha);
  if (hit) return hit;
  let findings: Finding[];
  try {
    findings = (JSON.parse(files.get(sha).toString('utf8')) as ValidationReport).findings.filter((f) => f.flag === 'fatal');
  } catch {
    findings = [];
  }
  if (reportCache.size > 20_000) reportCache.clear();
  reportCache.set(sha, findings);
  return findings;
}

export function fullReport(db: Database, files: FileStore, documentId: string): ValidationReport | null {
  const sha = db.$client.prepare("SELECT sha256 FROM document_files WHERE document_id = ? AND role = 'validation-report'").pluck().get(documentId) as string | undefined;
  if (sha === undefined || !files.has(sha)) return null;
  try {
    return JSON.parse(files.get(sha).toString('utf8')) as ValidationReport;
  } catch {
    return null;
  }
}

/** The BT/BG ids a rule message mentions, with their catalogue names. */
export function btConcerned(message: string, lang: 'fr' | 'de' | 'en' = 'en'): { id: string; name: string }[] {
  const out = new Map<string, string>();
  for (const m of message.matchAll(/\b(B[TG])-(\d{1,3})\b/g)) {
    const id = `${m[1]}-${m[2]}`;
    const t = byId(id);
    if (t !== undefined) out.set(id, t.labels[lang]);
  }
  return [...out].map(([id, name]) => ({ id, name }));
}

export type GroupBy = 'rule' | 'provider' | 'recipient' | 'day';
export const GROUP_BYS: GroupBy[] = ['rule', 'provider', 'recipient', 'day'];

export interface Group {
  key: string;
  count: number;
  /** Documents received in the last 7 days / the 7 days before. */
  last7: number;
  prev7: number;
  /** Rule groups: the rule's text and the BT concerned. */
  text?: string;
  bts?: { id: string; name: string }[];
}

export function groupQueue(db: Database, files: FileStore, q: Exclude<QueueName, 'dead-letters'>, by: GroupBy, stuckBefore: string, now: Date, lang: 'fr' | 'de' | 'en' = 'en'): Group[] {
  const w = queueWhere(q, stuckBefore);
  const rows = db.$client.prepare(`SELECT d.id, d.received_at AS receivedAt, d.sending_ap AS sendingAp, ${RECIPIENT} AS recipient
    FROM documents d WHERE ${w.sql} ORDER BY d.received_at DESC LIMIT 20000`).all(...w.params) as { id: string; receivedAt: string; sendingAp: string | null; recipient: string | null }[];
  const d7 = new Date(now.getTime() - 7 * 86_400_000).toISOString();
  const d14 = new Date(now.getTime() - 14 * 86_400_000).toISOString();
  const groups = new Map<string, Group>();
  const add = (key: string, receivedAt: string, extra?: Partial<Group>): void => {
    const g = groups.get(key) ?? { key, count: 0, last7: 0, prev7: 0, ...extra };
    g.count++;
    if (receivedAt >= d7) g.last7++;
    else if (receivedAt >= d14) g.prev7++;
    groups.set(key, g);
  };
  for (const r of rows) {
    if (by === 'rule') {
      const seen = new Set<string>();
      for (const f of fatalFindings(db, files, r.id)) {
        if (seen.has(f.ruleId)) continue;
        seen.add(f.ruleId);
        add(f.ruleId, r.receivedAt, { text: f.message, bts: btConcerned(f.message, lang) });
      }
    } else if (by === 'provider') add(r.sendingAp ?? '-', r.receivedAt);
    else if (by === 'recipient') add(r.recipient ?? '-', r.receivedAt);
    else add(r.receivedAt.slice(0, 10), r.receivedAt);
  }
  const list = [...groups.values()];
  return by === 'day' ? list.sort((a, b) => b.key.localeCompare(a.key)) : list.sort((a, b) => b.count - a.count || a.key.localeCompare(b.key));
}

// ---------------------------------------------------------------- providers

export interface ProviderStats {
  seatId: string;
  sent: number;
  rejected: number;
  duplicates: number;
  /** rejected / sent, as a decimal string with 4 places ("0.2500"); "0.0000" when nothing was sent. */
  rejectionRate: string;
  topRules: { ruleId: string; count: number; text: string }[];
  /** Per month (YYYY-MM): documents sent and rejected. */
  months: { month: string; sent: number; rejected: number }[];
}

/** Integer ratio as a decimal string (no binary floating point in published figures). */
export function ratio(num: number, den: number, places = 4): string {
  if (den === 0) return (0).toFixed(places);
  const scale = 10n ** BigInt(places);
  const q = (BigInt(num) * scale * 2n + BigInt(den)) / (2n * BigInt(den)); // rounded half up
  const s = q.toString().padStart(places + 1, '0');
  return `${s.slice(0, -places)}.${s.slice(-places)}`;
}

export function providerStats(db: Database, files: FileStore, seatId: string, o: { from?: string; to?: string } = {}): ProviderStats {
  const cond = ["d.channel = 'peppol'", 'd.sending_ap = ?'];
  const params: unknown[] = [seatId];
  if (o.from) { cond.push('d.received_at >= ?'); params.push(o.from); }
  if (o.to) { cond.push('d.received_at < ?'); params.push(o.to); }
  const rows = db.$client.prepare(`SELECT d.id, d.state, substr(d.received_at, 1, 7) AS month FROM documents d WHERE ${cond.join(' AND ')}`).all(...params) as { id: string; state: string; month: string }[];
  const months = new Map<string, { month: string; sent: number; rejected: number }>();
  const rules = new Map<string, { ruleId: string; count: number; text: string }>();
  let rejected = 0;
  let duplicates = 0;
  for (const r of rows) {
    const m = months.get(r.month) ?? { month: r.month, sent: 0, rejected: 0 };
    m.sent++;
    if (r.state === 'rejected') {
      rejected++;
      m.rejected++;
      const seen = new Set<string>();
      for (const f of fatalFindings(db, files, r.id)) {
        if (seen.has(f.ruleId)) continue;
        seen.add(f.ruleId);
        const g = rules.get(f.ruleId) ?? { ruleId: f.ruleId, count: 0, text: f.message };
        g.count++;
        rules.set(f.ruleId, g);
      }
    }
    if (r.state === 'duplicate') duplicates++;
    months.set(r.month, m);
  }
  return {
    seatId, sent: rows.length, rejected, duplicates, rejectionRate: ratio(rejected, rows.length),
    topRules: [...rules.values()].sort((a, b) => b.count - a.count || a.ruleId.localeCompare(b.ruleId)).slice(0, 10),
    months: [...months.values()].sort((a, b) => a.month.localeCompare(b.month)),
  };
}

/** Sent / rejected per seat id that sent anything (registered or not). */
export function providerOverview(db: Database): { seatId: string; sent: number; rejected: number; rejectionRate: string }[] {
  const rows = db.$client.prepare(`SELECT sending_ap AS seatId, count(*) AS sent, sum(state = 'rejected') AS rejected FROM documents
    WHERE channel = 'peppol' AND sending_ap IS NOT NULL GROUP BY sending_ap ORDER BY sending_ap`).all() as { seatId: string; sent: number; rejected: number }[];
  return rows.map((r) => ({ ...r, rejectionRate: ratio(r.rejected, r.sent) }));
}

// ---------------------------------------------------------------- dashboard

export interface DashboardStats {
  from: string;
  to: string;
  total: number;
  perDay: { key: string; count: number }[];
  perMonth: { key: string; count: number }[];
  perChannel: { key: string; count: number }[];
  perBody: { key: string; count: number }[];
  perBodyType: { key: string; count: number }[];
  rejected: number;
  unroutable: number;
  rejectionRate: string;
  unroutableRate: string;
  /** Reception → delivery, in seconds (null when nothing was delivered). */
  medianDeliverySeconds: number | null;
  p95DeliverySeconds: number | null;
  /** Yearly figures the Authority publishes. */
  bodiesReached: number;
  bodiesReachedViaPeppol: number;
  deliveredToBodies: number;
}

const DELIVERED_STATES = "('delivered','acknowledged')";

/** Percentile (nearest rank) of sorted integer values. */
export function percentile(sorted: number[], p: number): number | null {
  if (sorted.length === 0) return null;
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[Math.min(sorted.length, rank) - 1] ?? null;
}

export function dashboardStats(db: Database, from: string, to: string): DashboardStats {
  const c = db.$client;
  const range = 'd.received_at >= ? AND d.received_at < ?';
  const grouped = (expr: string, extraJoin = ''): { key: string; count: number }[] =>
    c.prepare(`SELECT coalesce(${expr}, '-') AS key, count(*) AS count FROM documents d ${extraJoin} WHERE ${range} GROUP BY 1 ORDER BY 1`).all(from, to) as { key: string; count: number }[];
  const total = (c.prepare(`SELECT count(*) AS n FROM documents d WHERE ${range}`).get(from, to) as { n: number }).n;
  const rejected = (c.prepare(`SELECT count(*) AS n FROM documents d WHERE ${range} AND d.state = 'rejected'`).get(from, to) as { n: number }).n;
  const unroutable = (c.prepare(`SELECT count(*) AS n FROM documents d WHERE ${range} AND d.state = 'unroutable'`).get(from, to) as { n: number }).n;
  const durations = (c.prepare(`SELECT (julianday(min(e.at)) - julianday(d.received_at)) * 86400.0 AS s FROM documents d JOIN events e ON e.document_id = d.id AND e.to_state = 'delivered' AND e.type = 'transition'
    WHERE ${range} GROUP BY d.id`).all(from, to) as { s: number }[]).map((r) => Math.max(0, Math.round(r.s))).sort((a, b) => a - b);
  const reached = c.prepare(`SELECT count(DISTINCT d.resolved_body_id) AS all_, count(DISTINCT CASE WHEN d.channel = 'peppol' THEN d.resolved_body_id END) AS peppol, count(*) AS docs
    FROM documents d WHERE ${range} AND d.state IN ${DELIVERED_STATES}`).get(from, to) as { all_: number; peppol: number; docs: number };
  const perBody = (c.prepare(`SELECT d.resolved_body_id AS key, count(*) AS count FROM documents d WHERE ${range} AND d.resolved_body_id IS NOT NULL GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 50`).all(from, to)) as { key: string; count: number }[];
  const perBodyType = (c.prepare(`SELECT b.type AS key, count(*) AS count FROM documents d JOIN bodies b ON b.id = d.resolved_body_id WHERE ${range} GROUP BY 1 ORDER BY 1`).all(from, to)) as { key: string; count: number }[];
  return {
    from, to, total,
    perDay: grouped('substr(d.received_at, 1, 10)'),
    perMonth: grouped('substr(d.received_at, 1, 7)'),
    perChannel: grouped('d.channel'),
    perBody, perBodyType,
    rejected, unroutable, rejectionRate: ratio(rejected, total), unroutableRate: ratio(unroutable, total),
    medianDeliverySeconds: percentile(durations, 50), p95DeliverySeconds: percentile(durations, 95),
    bodiesReached: reached.all_, bodiesReachedViaPeppol: reached.peppol, deliveredToBodies: reached.docs,
  };
}
