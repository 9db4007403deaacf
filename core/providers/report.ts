/**
 * The provider report the Authority sends when it contacts a provider about non-compliant files, as
 * CSV and as PDF: the register entry, counts, rejection rate, top failing rules, monthly trend, and
 * the rejected documents with their first fatal finding.
 */
import { stringify } from 'csv-stringify/sync';
import type { Content, TDocumentDefinitions } from 'pdfmake/interfaces';
import * as repo from '../../db/repositories/providers';
import type { Store } from '../../db/store';
import { renderDefinition } from '../../templates/render';
import { fatalFindings } from '../documents/queues';
import { providerStats } from './stats';

interface RejectedLine { id: string; receivedAt: string; invoiceNumber: string; ruleId: string; message: string }

async function rejectedLines(store: Store, seat: string, limit: number): Promise<RejectedLine[]> {
  const out: RejectedLine[] = [];
  for (const r of await repo.rejectedDocuments(store.db, seat, {}, limit)) {
    const f = (await fatalFindings(store, r.id))[0];
    out.push({ id: r.id, receivedAt: r.receivedAt, invoiceNumber: r.invoiceNumber ?? '', ruleId: f?.ruleId ?? '', message: f?.message ?? '' });
  }
  return out;
}

export async function providerReportCsv(store: Store, seat: string): Promise<string> {
  const p = await repo.providerRow(store.db, seat);
  const st = await providerStats(store, seat);
  const rows: (string | number)[][] = [
    ['section', 'key', 'value', 'detail'],
    ['provider', 'seat_id', seat, ''], ['provider', 'name', p?.name ?? '', ''], ['provider', 'country', p?.country ?? '', ''], ['provider', 'status', p?.status ?? '', ''],
    ['totals', 'documents_sent', st.sent, ''], ['totals', 'rejected', st.rejected, ''], ['totals', 'duplicates', st.duplicates, ''], ['totals', 'rejection_rate', st.rejectionRate, ''],
    ...st.topRules.map((t) => ['top_rule', t.ruleId, t.count, t.text]),
    ...st.months.map((m) => ['month', m.month, m.sent, `rejected=${m.rejected}`]),
    ...(await rejectedLines(store, seat, 500)).map((d) => ['rejected_document', d.id, d.receivedAt, `${d.invoiceNumber} ${d.ruleId} ${d.message}`.trim()]),
  ];
  return stringify(rows);
}

export async function providerReportPdf(store: Store, seat: string, at = new Date()): Promise<Buffer> {
  const p = await repo.providerRow(store.db, seat);
  const st = await providerStats(store, seat);
  const docs = await rejectedLines(store, seat, 200);
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
