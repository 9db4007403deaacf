/**
 * The register of Peppol service providers (seat id, name, country, contact, status, date taken
 * over by the Authority, notes) and the provider report sent when contacting a provider about
 * non-compliant files (CSV and PDF: counts, rejection rate, top failing rules, monthly trend, the
 * rejected documents with their first fatal finding).
 */
import { stringify } from 'csv-stringify/sync';
import { eq } from 'drizzle-orm';
import type { Content, TDocumentDefinitions } from 'pdfmake/interfaces';
import type { Database } from '../../db/client';
import type { FileStore } from '../../db/file-store';
import { serviceProviders, type ServiceProviderRow } from '../../db/schema';
import { renderDefinition } from '../../templates/render';
import { fatalFindings, providerStats } from './queries';
import { audit } from './staff';

export class ProviderInputError extends Error {
  constructor(readonly field: string, message: string) {
    super(message);
  }
}

function text(input: Record<string, unknown>, key: string, max: number): string {
  const v = input[key];
  if (v === undefined || v === null) return '';
  if (typeof v !== 'string') throw new ProviderInputError(key, `${key} must be text`);
  if (v.length > max) throw new ProviderInputError(key, `${key}: at most ${max} characters`);
  return v.trim();
}

/** Creates or updates a provider (audited); returns the stored row. */
export function saveProvider(db: Database, input: Record<string, unknown>, actor: string, at = new Date()): ServiceProviderRow {
  const seatId = text(input, 'seatId', 9).toUpperCase();
  if (!/^P[A-Z]{2}[0-9]{6}$/.test(seatId)) throw new ProviderInputError('seatId', 'seatId: a Peppol seat id, P + 2 letters + 6 digits (e.g. PLU000001)');
  const name = text(input, 'name', 300);
  if (name === '') throw new ProviderInputError('name', 'name is required');
  const country = text(input, 'country', 2).toUpperCase();
  if (!/^[A-Z]{2}$/.test(country)) throw new ProviderInputError('country', 'country: ISO 3166-1 alpha-2 code (e.g. LU)');
  const status = text(input, 'status', 20) || 'active';
  if (status !== 'active' && status !== 'suspended') throw new ProviderInputError('status', 'status: active or suspended');
  const takenOverAt = text(input, 'takenOverAt', 10) || null;
  if (takenOverAt !== null && (!/^\d{4}-\d{2}-\d{2}$/.test(takenOverAt) || Number.isNaN(Date.parse(takenOverAt)))) throw new ProviderInputError('takenOverAt', 'takenOverAt: a date YYYY-MM-DD');
  const row = { seatId, name, country, status, takenOverAt, contact: text(input, 'contact', 500), notes: text(input, 'notes', 4000) };
  const now = at.toISOString();
  return db.transaction((tx) => {
    const before = tx.select().from(serviceProviders).where(eq(serviceProviders.seatId, seatId)).get();
    tx.insert(serviceProviders).values({ ...row, createdAt: now, updatedAt: now })
      .onConflictDoUpdate({ target: serviceProviders.seatId, set: { ...row, updatedAt: now } }).run();
    audit(tx, actor, before === undefined ? 'provider-create' : 'provider-update', `provider:${seatId}`, { before: before ?? null, after: row }, at);
    return tx.select().from(serviceProviders).where(eq(serviceProviders.seatId, seatId)).get() as ServiceProviderRow;
  }, { behavior: 'immediate' });
}

interface RejectedLine { id: string; receivedAt: string; invoiceNumber: string; ruleId: string; message: string }

function rejectedDocuments(db: Database, files: FileStore, seat: string, limit = 500): RejectedLine[] {
  const rows = db.$client.prepare(`SELECT id, received_at AS receivedAt, invoice_number AS invoiceNumber FROM documents
    WHERE channel = 'peppol' AND sending_ap = ? AND state = 'rejected' ORDER BY received_at DESC LIMIT ?`).all(seat, limit) as { id: string; receivedAt: string; invoiceNumber: string | null }[];
  return rows.map((r) => {
    const f = fatalFindings(db, files, r.id)[0];
    return { id: r.id, receivedAt: r.receivedAt, invoiceNumber: r.invoiceNumber ?? '', ruleId: f?.ruleId ?? '', message: f?.message ?? '' };
  });
}

export function providerReportCsv(db: Database, files: FileStore, seat: string): string {
  const p = db.select().from(serviceProviders).where(eq(serviceProviders.seatId, seat)).get();
  const st = providerStats(db, files, seat);
  const rows: (string | number)[][] = [
    ['section', 'key', 'value', 'detail'],
    ['provider', 'seat_id', seat, ''], ['provider', 'name', p?.name ?? '', ''], ['provider', 'country', p?.country ?? '', ''], ['provider', 'status', p?.status ?? '', ''],
    ['totals', 'documents_sent', st.sent, ''], ['totals', 'rejected', st.rejected, ''], ['totals', 'duplicates', st.duplicates, ''], ['totals', 'rejection_rate', st.rejectionRate, ''],
    ...st.topRules.map((t) => ['top_rule', t.ruleId, t.count, t.text]),
    ...st.months.map((m) => ['month', m.month, m.sent, `rejected=${m.rejected}`]),
    ...rejectedDocuments(db, files, seat).map((d) => ['rejected_document', d.id, d.receivedAt, `${d.invoiceNumber} ${d.ruleId} ${d.message}`.trim()]),
  ];
  return stringify(rows);
}

export async function providerReportPdf(db: Database, files: FileStore, seat: string, at = new Date()): Promise<Buffer> {
  const p = db.select().from(serviceProviders).where(eq(serviceProviders.seatId, seat)).get();
  const st = providerStats(db, files, seat);
  const docs = rejectedDocuments(db, files, seat, 200);
  const content: Content[] = [
    { text: `Peppol service provider report — ${p?.name ?? 'unregistered provider'} (${seat})`, style: 'h1' },
    { text: `Produced ${at.toISOString().slice(0, 10)} by the Peppol Authority. Country: ${p?.country ?? '-'}. Status: ${p?.status ?? '-'}.` },
    { text: 'Totals', style: 'h2' },
    { table: { widths: ['*', 'auto'], body: [['Documents sent', String(st.sent)], ['Rejected', String(st.rejected)], ['Duplicates', String(st.duplicates)], ['Rejection rate', st.rejectionRate]] } },
    { text: 'Top failing rules', style: 'h2' },
    st.topRules.length === 0 ? { text: 'None.' } : { table: { widths: ['auto', 'auto', '*'], body: [['Rule', 'Documents', 'Text'], ...st.topRules.map((t) => [t.ruleId, String(t.count), t.text])] } },
    { text: 'Per month', style: 'h2' },
    st.months.length === 0 ? { text: 'None.' } : { table: { widths: ['auto', 'auto', 'auto'], body: [['Month', 'Sent', 'Rejected'], ...st.months.map((m) => [m.month, String(m.sent), String(m.rejected)])] } },
    { text: 'Rejected documents (latest 200)', style: 'h2' },
    docs.length === 0 ? { text: 'None.' } : { table: { widths: ['auto', 'auto', 'auto', '*'], body: [['Received', 'Invoice', 'Rule', 'Message'], ...docs.map((d) => [d.receivedAt.slice(0, 10), d.invoiceNumber, d.ruleId, d.message])] }, fontSize: 8 },
  ];
  const def: TDocumentDefinitions = { content, styles: { h1: { fontSize: 14, bold: true, margin: [0, 0, 0, 8] }, h2: { fontSize: 11, bold: true, margin: [0, 10, 0, 4] } }, defaultStyle: { fontSize: 9 } };
  return (await renderDefinition(def)).pdf;
}
