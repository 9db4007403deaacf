/**
 * Statuses in bulk, from a CSV the body's staff or ERP prepares (UTF-8, comma or semicolon separated,
 * a header line):
 *
 *   documentId,code,reasons,actions,note,paidAmount
 *   7c0e…,AP,,,,
 *   91ab…,RE,REF=Commande inconnue;PRI,NIN,Merci de refaire la facture,
 *   42de…,PD,PPD,,,1250.00
 *
 * `documentId` and `code` are required; `reasons` and `actions` are `;`-separated codes, each
 * optionally `CODE=text`; the currency of a paid amount is the invoice's. Like the directory import, a
 * dry run checks every line first (visibility, the rules, the sequence — lines of one document are
 * taken in file order) and writes nothing; applying refuses a file with any error and otherwise sets
 * the statuses line by line, each idempotent (the line's content is its key: applying the same file
 * twice changes nothing; two identical lines for one document count once).
 */
import { parse } from 'csv-parse/sync';
import * as repo from '../../db/repositories/responses';
import { CoreError } from '../errors';
import type { Viewer } from '../documents/inbox';
import type { ResponseCode } from './codes';
import { idempotencyKeyOf, canonicalRequest } from './request';
import { isSendable, type Clarification, type StatusRequest } from './rules';
import { setStatus, statusContext, violationsOf, type ResponseDeps, type Via } from './status';

export const BULK_MAX_LINES = 1000;

export interface BulkLine {
  line: number;
  documentId: string;
  code: string;
  ok: boolean;
  /** A refusal as one line of text: `<rule or reason>: <the hub's English>` (null when the line is fine). */
  error: string | null;
  /** The same refusal in parts, for a page that shows it in another language. */
  refusal?: { rule: string; message: string };
  /** Applied: the status set (or already set by the same line before). */
  statusId?: string;
  created?: boolean;
}

/** A refused line: the text of `error` and its parts. */
const refused = (base: Pick<BulkLine, 'line' | 'documentId' | 'code'>, rule: string, message: string): BulkLine => ({ ...base, ok: false, error: `${rule}: ${message}`, refusal: { rule, message } });

export interface BulkReport { dryRun: boolean; applied: boolean; lines: BulkLine[]; errors: number }

function clarifications(cell: string | undefined): Clarification[] {
  return (cell ?? '').split(';').map((x) => x.trim()).filter((x) => x !== '').map((x) => {
    const i = x.indexOf('=');
    return i < 0 ? { code: x } : { code: x.slice(0, i).trim(), text: x.slice(i + 1).trim() };
  });
}

interface Row { line: number; documentId: string; request: StatusRequest }

export function parseBulkCsv(text: string): Row[] {
  let records: Record<string, string>[];
  try {
    const first = text.split(/\r?\n/, 1)[0] ?? '';
    records = parse(text.replace(/^\uFEFF/, ''), { columns: (h: string[]) => h.map((c) => c.trim()), skip_empty_lines: true, trim: true, delimiter: first.includes(';') && !first.includes(',') ? ';' : ',', relax_column_count: true }) as Record<string, string>[];
  } catch (err) {
    throw new CoreError('invalid', 'bad-csv', 'Bad CSV', `The file is not a CSV this import reads: ${(err as Error).message}`);
  }
  if (records.length > BULK_MAX_LINES) throw new CoreError('invalid', 'bad-csv', 'Bad CSV', `At most ${BULK_MAX_LINES} lines per file.`);
  if (records.length > 0 && (!('documentId' in records[0]!) || !('code' in records[0]!))) throw new CoreError('invalid', 'bad-csv', 'Bad CSV', 'The header must name at least the columns documentId and code.');
  return records.map((r, i) => {
    const note = r.note?.trim();
    const paidAmount = r.paidAmount?.trim();
    return {
      line: i + 2, documentId: (r.documentId ?? '').trim(),
      request: { code: (r.code ?? '').trim().toUpperCase(), reasons: clarifications(r.reasons), actions: clarifications(r.actions), ...(note ? { note } : {}), ...(paidAmount ? { paidAmount } : {}) },
    };
  });
}

/** Checks (dry run) or applies a CSV of statuses for the viewer's documents. */
export async function importStatuses(deps: ResponseDeps, viewer: Viewer, text: string, o: { dryRun: boolean; via: Via }): Promise<BulkReport> {
  const rows = parseBulkCsv(text);
  const lines: BulkLine[] = [];
  const previous = new Map<string, { previous: ResponseCode | null; reopened: boolean }>();
  for (const r of rows) {
    const base = { line: r.line, documentId: r.documentId, code: r.request.code };
    try {
      const ctx = await statusContext(deps.store, viewer, r.documentId);
      const currency = ctx.item.summary.currency;
      if (r.request.paidAmount !== undefined && typeof currency === 'string') r.request.currency = currency;
      if ((await repo.responseByKey(deps.store.db, ctx.doc.id, idempotencyKeyOf(undefined, canonicalRequest(r.request)))) !== undefined) {
        lines.push({ ...base, ok: true, error: null }); // already set by the same line: applying it again changes nothing
        continue;
      }
      const seq = previous.get(ctx.doc.id) ?? { previous: ctx.previous, reopened: ctx.reopened };
      const v = violationsOf(r.request, seq).filter((x) => x.flag === 'fatal');
      if (ctx.doc.state !== 'delivered' && ctx.doc.state !== 'acknowledged') lines.push(refused(base, 'not-answerable', `the document is ${ctx.doc.state}`));
      else if (!isSendable(v)) lines.push(refused(base, v[0]!.ruleId, v[0]!.message));
      else lines.push({ ...base, ok: true, error: null });
      if (isSendable(v)) previous.set(ctx.doc.id, { previous: r.request.code as ResponseCode, reopened: false });
    } catch (err) {
      if (!(err instanceof CoreError)) throw err;
      lines.push(refused(base, err.slug, err.detail));
    }
  }
  const errors = lines.filter((l) => !l.ok).length;
  if (o.dryRun || errors > 0) return { dryRun: o.dryRun, applied: false, lines, errors };
  let failed = 0;
  for (const [i, r] of rows.entries()) {
    const key = idempotencyKeyOf(undefined, canonicalRequest(r.request));
    try {
      const out = await setStatus(deps, { viewer, documentId: r.documentId, request: r.request, via: o.via, idempotencyKey: key });
      lines[i] = { ...lines[i]!, statusId: out.status.id, created: out.created };
    } catch (err) {
      if (!(err instanceof CoreError)) throw err;
      failed++;
      lines[i] = { ...lines[i]!, ...refused(lines[i]!, err.slug, err.detail) };
    }
  }
  return { dryRun: false, applied: true, lines, errors: failed };
}
