/**
 * The supplier portal (`/portal/…`): the upload form, the manual-entry form (invoice or credit
 * note, drafts by private link, server-side totals, PDF preview), the review page where the
 * supplier sees the findings and confirms the recipient the hub resolved, the receipt and the
 * status page. Forms feed the same ingest as the APIs (channels `portal-upload`, `portal-form`).
 *
 * Every page works without JavaScript; `static/totals.js` only updates the totals as one types.
 * CSRF token on every form, per-client rate limits, size limits while streaming, escaping of every
 * value shown (services/web). Validation runs in worker threads (validation/pool.ts).
 */
import crypto from 'node:crypto';
import path from 'node:path';
import { and, eq, gt, isNull, lt } from 'drizzle-orm';
import express, { Router, type NextFunction, type Request, type RequestHandler, type Response } from 'express';
import { config } from '../../config';
import { fileOf } from '../../db/file-store';
import { events, portalDrafts, portalSubmissions, type PortalDraftRow } from '../../db/schema';
import { isoDate } from '../../db/directory/types';
import { label, readInvoice, summarize, writeUbl, type InvoiceTerms } from '../../model';
import { renderPdf } from '../../templates';
import { pt } from '../../templates/portal/messages';
import { formBody, homeBody, receiptBody, reviewBody, statusBody, uploadBody, type BodyOption, type RecipientView, type StatusView } from '../../templates/portal/views';
import { ValidationPool } from '../../validation/pool';
import type { Finding, ValidationReport } from '../../validation/types';
import { DirectoryIndexCache, nameOn, validOn, type DirectoryIndex } from '../../workers/route/directory-index';
import { extractRouting } from '../../workers/route/extract';
import { resolveRecipient } from '../../workers/route/resolve';
import { getDocument } from '../../workers/stage-contract';
import { searchBodies } from '../api/bodies/router';
import type { AppDeps } from '../deps';
import { ingestDocument } from '../ingest/ingest';
import {
  CSRF_FIELD, Csrf, FormLimitError, negotiateLang, page, rateLimit, readForm, securityHeaders, webStaticRouter, webText,
  type FieldError, type FormData, type WebLang,
} from '../web';
import { sniffAttachment } from './attachments';
import { extractEmbeddedInvoice, isPdf } from './facturx';
import { readableFinding, type ReadableFinding } from './findings';
import { addRow, checkForm, computeFormTotals, count, emptyForm, formToTerms, removeRow, ROWS, type Fields, type Recipient, type RowKind } from './invoice-form';
import { isNotifyAddress, registerNotifyAddress } from '../../workers/mls/notify';

export interface PortalOptions {
  /** Validation pool (default: one of 2 threads, created on first use). */
  pool?: ValidationPool;
}

const TOKEN = /^[A-Za-z0-9_-]{43}$/;

function newToken(): string {
  return crypto.randomBytes(32).toString('base64url');
}
function hashToken(token: string): string {
  return crypto.createHash('sha256').update(token, 'utf8').digest('hex');
}
/** The tracking token of what a draft sent: derived from the draft's private token (whoever holds it can find the status again; nobody else can). */
export function trackingFor(draftToken: string): string {
  return crypto.createHash('sha256').update(`tracking:${draftToken}`, 'utf8').digest('base64url');
}

class PortalError extends Error {
  constructor(readonly status: number, readonly titleKey: 'notFoundTitle' | 'tooLargeTitle' | 'badRequestTitle' | 'csrfTitle', readonly text: string | null = null) {
    super(titleKey);
  }
}

type Handler = (req: Request, res: Response, lang: WebLang) => Promise<void> | void;

export function portalRouter(deps: AppDeps, opts: PortalOptions = {}): Router {
  const r = Router();
  const csrf = new Csrf(config.webSecret);
  const directory = new DirectoryIndexCache();
  let pool = opts.pool ?? null;
  const validator = (): ValidationPool => (pool ??= new ValidationPool({ size: 2 }));
  const maxAttachment = config.portalMaxAttachmentBytes;
  const maxAttachments = config.portalMaxAttachments;
  const draftDays = config.portalDraftDays;
  const today = (): string => isoDate(deps.clock());

  const send = (res: Response, status: number, lang: WebLang, title: string, body: Parameters<typeof page>[0]['body'], req: Request, errors: FieldError[] = [], scripts?: string[]): void => {
    res.status(status).type('text/html; charset=utf-8').send(page({
      lang, title, body, errors, path: req.originalUrl.replace(/([?&])lang=[a-z]{2}&?/, '$1').replace(/[?&]$/, ''), service: pt('service', lang), home: '/portal/',
      nav: [{ href: '/portal/invoices/new', label: pt('navNew', lang), current: req.path.startsWith('/portal/invoices') || req.path.startsWith('/portal/drafts') }, { href: '/portal/upload', label: pt('navUpload', lang), current: req.path === '/portal/upload' }],
      ...(scripts ? { scripts } : {}),
    }));
  };
  const wrap = (fn: Handler): RequestHandler => (req, res, next) => {
    const lang = negotiateLang(req, res);
    res.locals.lang = lang;
    Promise.resolve().then(() => fn(req, res, lang)).catch(next);
  };
  const limited = (req: Request, res: Response, retry: number): void => {
    const lang = negotiateLang(req, res);
    send(res, 429, lang, webText('tooManyTitle', lang), `${webText('tooManyText', lang, { seconds: retry })}`, req);
  };

  r.use('/portal', securityHeaders);
  r.use(webStaticRouter());
  r.use('/portal', rateLimit({ max: config.portalRateLimit, windowMs: 60_000, onLimited: limited }));
  r.use('/portal', rateLimit({ max: config.portalPostRateLimit, windowMs: 60_000, match: (req) => req.method === 'POST', onLimited: limited }));
  r.get('/portal/static/totals.js', (_req, res) => {
    res.set('Cache-Control', 'public, max-age=300').type('application/javascript').sendFile(path.join(__dirname, 'static', 'totals.js'));
  });
  const urlencoded = express.urlencoded({ extended: false, limit: '16kb', parameterLimit: 20 });

  // ── drafts ───────────────────────────────────────────────────────────────────────────────
  const loadDraft = (token: string, kind?: 'form' | 'upload'): PortalDraftRow => {
    if (!TOKEN.test(token)) throw new PortalError(404, 'notFoundTitle');
    const row = deps.db.select().from(portalDrafts).where(and(eq(portalDrafts.tokenHash, hashToken(token)), gt(portalDrafts.expiresAt, deps.clock().toISOString()))).get();
    if (row === undefined || (kind !== undefined && row.kind !== kind)) throw new PortalError(404, 'notFoundTitle');
    return row;
  };
  const expiry = (): string => new Date(deps.clock().getTime() + draftDays * 86_400_000).toISOString();
  const saveDraft = (token: string | null, kind: 'form' | 'upload', data: unknown, xml: { sha: string; valid: boolean; dataHash: string | null } | null): string => {
    const now = deps.clock().toISOString();
    const json = JSON.stringify(data);
    // expired, never sent drafts go (indexed on expires_at; their files stay in the content-addressed store)
    deps.db.delete(portalDrafts).where(and(lt(portalDrafts.expiresAt, now), isNull(portalDrafts.documentId))).run();
    if (token !== null && TOKEN.test(token)) {
      const row = deps.db.select().from(portalDrafts).where(eq(portalDrafts.tokenHash, hashToken(token))).get();
      if (row && row.documentId === null && row.kind === kind) {
        deps.db.update(portalDrafts).set({ data: json, updatedAt: now, expiresAt: expiry(), xmlSha256: xml?.sha ?? null, valid: xml?.valid ? 1 : 0, checkedDataHash: xml?.dataHash ?? null })
          .where(eq(portalDrafts.id, row.id)).run();
        return token;
      }
    }
    const fresh = newToken();
    deps.db.insert(portalDrafts).values({
      id: crypto.randomUUID(), tokenHash: hashToken(fresh), kind, data: json, createdAt: now, updatedAt: now, expiresAt: expiry(),
      xmlSha256: xml?.sha ?? null, valid: xml?.valid ? 1 : 0, checkedDataHash: xml?.dataHash ?? null,
    }).run();
    return fresh;
  };

  // ── directory ────────────────────────────────────────────────────────────────────────────
  const bodyOption = (index: DirectoryIndex, id: string, lang: WebLang): BodyOption | null => {
    const e = index.bodies.get(id);
    const d = today();
    if (!e || e.status !== 'active' || !validOn(e, d)) return null;
    return {
      id, name: nameOn(e, d, lang),
      identifiers: e.identifiers.filter((x) => x.purpose === 'peppol' && validOn(x, d)).map((x) => `${x.scheme}:${x.value}`),
      requiredRefs: [...new Set(e.requiredRefs.filter((x) => validOn(x, d)).map((x) => x.ref))].sort(),
    };
  };
  const recipientOf = (fields: Fields, lang: WebLang): Recipient | null => {
    const id = fields.get('recipient');
    if (!id) return null;
    const b = bodyOption(directory.get(deps.db), id, lang);
    return b ? { bodyId: b.id, name: b.name, endpoint: b.identifiers[0] ?? null, requiredRefs: b.requiredRefs } : null;
  };
  const resolved = (xml: Buffer, lang: WebLang): RecipientView => {
    try {
      const index = directory.get(deps.db);
      const res = resolveRecipient(index, extractRouting(xml), today());
      if (!res.ok) return { ok: false, detail: res.message };
      const e = index.bodies.get(res.bodyId);
      return { ok: true, bodyId: res.bodyId, name: e ? nameOn(e, today(), lang) : res.bodyId, department: res.department, missingRefs: res.missingReferences };
    } catch (err) {
      return { ok: false, detail: (err as Error).message };
    }
  };

  /** What the uploaded document says (number, date, parties, totals), when the model can read it. */
  const uploadSummary = (xml: Buffer, lang: WebLang): { label: string; value: string }[] => {
    try {
      const sm = summarize(readInvoice(xml));
      const rows: [string, string | null][] = [
        ['BT-1', sm.number], ['BT-2', sm.issueDate], ['BT-27', sm.seller.name], ['BT-44', sm.buyer.name], ['BT-49', sm.buyer.endpoint],
        ['BT-112', sm.totals.withVat === null ? null : `${sm.totals.withVat} ${sm.currency ?? ''}`],
        ['BT-115', sm.totals.due === null ? null : `${sm.totals.due} ${sm.currency ?? ''}`],
      ];
      return rows.filter((r): r is [string, string] => r[1] !== null).map(([bt, value]) => ({ label: `${label(bt, lang)} (${bt})`, value }));
    } catch {
      return [];
    }
  };

  // ── home ─────────────────────────────────────────────────────────────────────────────────
  r.get(['/portal', '/portal/'], wrap((req, res, lang) => send(res, 200, lang, pt('homeTitle', lang), homeBody(lang), req)));

  // ── upload ───────────────────────────────────────────────────────────────────────────────
  r.get('/portal/upload', wrap((req, res, lang) => send(res, 200, lang, pt('uploadTitle', lang), uploadBody(lang, csrf.token(req, res), deps.maxDocumentBytes, []), req)));
  r.post('/portal/upload', wrap(async (req, res, lang) => {
    let form: FormData;
    const max = deps.maxDocumentBytes;
    let notifyEmail = '';
    const again = (status: number, message: string, field = 'file'): void => {
      const errors = [{ field, message }];
      send(res, status, lang, pt('uploadTitle', lang), uploadBody(lang, csrf.token(req, res), max, errors, notifyEmail), req, errors);
    };
    try {
      form = await readForm(req, { maxFields: 10, maxFieldBytes: 1024, maxFiles: 1, maxFileBytes: max, maxTotalBytes: max });
    } catch (err) {
      if (err instanceof FormLimitError && (err.kind === 'file-too-large' || err.kind === 'too-large')) {
        res.set('Connection', 'close');
        return again(413, pt('fileTooLarge', lang, { max: `${Math.round(max / 1024 / 1024)} MB` }));
      }
      throw new PortalError(400, 'badRequestTitle');
    }
    if (!csrf.verify(req, form.fields.get(CSRF_FIELD))) throw new PortalError(403, 'csrfTitle');
    notifyEmail = (form.fields.get('notifyEmail') ?? '').trim();
    if (notifyEmail !== '' && !isNotifyAddress(notifyEmail)) return again(400, pt('notifyEmailInvalid', lang), 'notifyEmail');
    const file = form.files.find((f) => f.field === 'file');
    if (!file || file.bytes.length === 0) return again(400, pt('noFile', lang));
    let xml = file.bytes;
    let fromPdf = false;
    if (isPdf(file.bytes)) {
      const embedded = extractEmbeddedInvoice(file.bytes, max);
      if (embedded === null) return again(400, pt('pdfNoXml', lang));
      xml = embedded;
      fromPdf = true;
    }
    const head = xml.subarray(0, 64).toString('utf8').replace(/^\uFEFF/, '').trimStart();
    if (!head.startsWith('<')) return again(400, pt('notXml', lang));
    const report = await validator().validate(xml, { date: today() });
    const sha = deps.files.put(xml);
    const token = saveDraft(null, 'upload', { filename: file.filename.slice(0, 200), fromPdf, findings: report.findings, scenario: report.scenario, ...(notifyEmail !== '' ? { notifyEmail } : {}) }, { sha, valid: report.valid, dataHash: null });
    res.redirect(303, `/portal/review/${token}`);
  }));

  // ── review and send (both kinds) ─────────────────────────────────────────────────────────
  const reviewPage = (req: Request, res: Response, lang: WebLang, token: string, status = 200, confirmError = false): void => {
    const d = loadDraft(token);
    if (d.documentId !== null) return res.redirect(303, `/portal/receipt/${trackingFor(token)}`);
    if (d.xmlSha256 === null) return res.redirect(303, `/portal/drafts/${token}`);
    const data = JSON.parse(d.data) as { filename?: string; fromPdf?: boolean; findings?: Finding[]; summary?: { label: string; value: string }[]; fields?: [string, string][] };
    const xml = deps.files.get(d.xmlSha256);
    const allowances = data.fields ? count(new Map(data.fields), 'allowances') : 0;
    const findings = (data.findings ?? []).map((f) => readableFinding(f, lang, { allowances, fields: new Set() })); // no form fields on this page: no field links
    const summary = d.kind === 'upload'
      ? [{ label: pt('fileLabel', lang), value: data.filename ?? '' }, ...(data.fromPdf ? [{ label: 'Factur-X / ZUGFeRD', value: pt('fromPdf', lang) }] : []), ...uploadSummary(xml, lang)]
      : (data.summary ?? []);
    send(res, status, lang, d.kind === 'upload' ? pt('reportTitle', lang) : pt('checkTitle', lang), reviewBody({
      token, csrf: csrf.token(req, res), kind: d.kind === 'upload' ? 'upload' : 'form', valid: d.valid === 1, findings,
      recipient: d.valid === 1 ? resolved(xml, lang) : null, summary, confirmError, ...(data.filename ? { filename: data.filename } : {}),
    }, lang), req, confirmError ? [{ field: 'confirm', message: pt('confirmRequired', lang) }] : []);
  };
  r.get('/portal/review/:token', wrap((req, res, lang) => reviewPage(req, res, lang, String(req.params.token))));
  r.get('/portal/review/:token/preview.pdf', wrap(async (req, res, lang) => {
    const d = loadDraft(String(req.params.token));
    if (d.xmlSha256 === null) throw new PortalError(404, 'notFoundTitle');
    const pdf = await renderPdf(readInvoice(deps.files.get(d.xmlSha256)), { lang });
    res.type('application/pdf').set('Content-Disposition', 'inline; filename="preview.pdf"').send(pdf);
  }));
  r.post('/portal/review/:token/send', urlencoded, wrap(async (req, res, lang) => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    if (!csrf.verify(req, typeof body[CSRF_FIELD] === 'string' ? body[CSRF_FIELD] : undefined)) throw new PortalError(403, 'csrfTitle');
    const token = String(req.params.token);
    const d = loadDraft(token);
    if (d.documentId !== null) return res.redirect(303, `/portal/receipt/${trackingFor(token)}`);
    if (d.valid !== 1 || d.xmlSha256 === null) throw new PortalError(400, 'badRequestTitle', pt('notSendable', lang));
    if (body.confirm !== 'yes') return reviewPage(req, res, lang, token, 400, true);
    const bytes = deps.files.get(d.xmlSha256);
    if (!resolved(bytes, lang).ok) throw new PortalError(400, 'badRequestTitle', pt('notSendable', lang));
    const channel = d.kind === 'upload' ? 'portal-upload' : 'portal-form';
    const out = await ingestDocument(deps, { bytes, channel, submittedBy: `portal:${d.id}` });
    // the submitter's address for a refusal notice: a field of the upload page, or of the manual-entry form
    const data = JSON.parse(d.data) as { notifyEmail?: string; fields?: [string, string][] };
    const notifyEmail = (data.notifyEmail ?? new Map(data.fields ?? []).get('notifyEmail') ?? '').trim();
    if (notifyEmail !== '' && isNotifyAddress(notifyEmail)) registerNotifyAddress(deps.db, out.id, notifyEmail, lang);
    const tracking = trackingFor(token);
    deps.db.transaction((tx) => {
      tx.insert(portalSubmissions).values({ trackingHash: hashToken(tracking), documentId: out.id, channel, createdAt: deps.clock().toISOString() }).onConflictDoNothing().run();
      tx.update(portalDrafts).set({ documentId: out.id, updatedAt: deps.clock().toISOString() }).where(eq(portalDrafts.id, d.id)).run();
    });
    res.redirect(303, `/portal/receipt/${tracking}`);
  }));

  // ── receipt and status ───────────────────────────────────────────────────────────────────
  const submission = (tracking: string): { documentId: string } => {
    if (!TOKEN.test(tracking)) throw new PortalError(404, 'notFoundTitle');
    const row = deps.db.select().from(portalSubmissions).where(eq(portalSubmissions.trackingHash, hashToken(tracking))).get();
    if (row === undefined) throw new PortalError(404, 'notFoundTitle');
    return row;
  };
  const origin = (req: Request): string => `${req.protocol}://${req.get('host') ?? 'localhost'}`;
  r.get('/portal/receipt/:tracking', wrap((req, res, lang) => {
    const tracking = String(req.params.tracking);
    const doc = getDocument(deps.db, submission(tracking).documentId);
    if (!doc) throw new PortalError(404, 'notFoundTitle');
    send(res, 200, lang, pt('receiptTitle', lang), receiptBody({ trackingId: doc.id, receivedAt: doc.receivedAt, link: `${origin(req)}/portal/status/${tracking}` }, lang), req);
  }));
  r.get('/portal/status/:tracking', wrap((req, res, lang) => {
    const tracking = String(req.params.tracking);
    const doc = getDocument(deps.db, submission(tracking).documentId);
    if (!doc) throw new PortalError(404, 'notFoundTitle');
    const evs = deps.db.select().from(events).where(eq(events.documentId, doc.id)).orderBy(events.seq).all();
    const index = directory.get(deps.db);
    const bodyName = (id: string | null | undefined): string | null => {
      if (!id) return null;
      const e = index.bodies.get(id);
      return e ? `${nameOn(e, today(), lang)} (${id})` : id;
    };
    const steps: StatusView['steps'] = evs.filter((e) => e.type === 'received' || e.fromState !== e.toState).map((e) => {
      const details = JSON.parse(e.details) as Record<string, unknown>;
      let detail: string | null = null;
      if (e.toState === 'routed' || e.toState === 'delivered') detail = bodyName(typeof details.bodyId === 'string' ? details.bodyId : doc.resolvedBodyId);
      if (e.toState === 'unroutable' && typeof details.message === 'string') detail = details.message;
      return { at: e.at, state: e.toState, bad: ['rejected', 'duplicate', 'unroutable'].includes(e.toState) || e.toState.endsWith('_failed'), detail };
    });
    const reportSha = fileOf(deps.db, doc.id, 'validation-report');
    let findings: ReadableFinding[] = [];
    if (reportSha !== undefined && deps.files.has(reportSha)) {
      const report = JSON.parse(deps.files.get(reportSha).toString('utf8')) as ValidationReport;
      findings = report.findings.map((f) => readableFinding(f, lang, { allowances: 0, fields: new Set() }));
    }
    if (doc.state === 'duplicate') {
      findings.unshift(readableFinding({
        source: 'engine', ruleId: 'HUB-DUPLICATE', flag: 'fatal', location: '/',
        message: pt('duplicateOf', lang, { number: doc.invoiceNumber ?? '-', date: doc.issueDate ?? '-' }),
      }, lang, { allowances: 0, fields: new Set() }));
    }
    send(res, 200, lang, pt('statusTitle', lang), statusBody({
      trackingId: doc.id, state: doc.state, receivedAt: doc.receivedAt, steps, findings, bodyName: bodyName(doc.resolvedBodyId),
      xmlHref: `/portal/status/${tracking}/document.xml`, pdfHref: fileOf(deps.db, doc.id, 'pdf') !== undefined ? `/portal/status/${tracking}/document.pdf` : null,
    }, lang), req);
  }));
  r.get('/portal/status/:tracking/document.xml', wrap((req, res) => {
    const doc = getDocument(deps.db, submission(String(req.params.tracking)).documentId);
    if (!doc) throw new PortalError(404, 'notFoundTitle');
    res.type('application/xml').set('Content-Disposition', `attachment; filename="${doc.id}.xml"`).send(deps.files.get(doc.originalSha256));
  }));
  r.get('/portal/status/:tracking/document.pdf', wrap((req, res) => {
    const doc = getDocument(deps.db, submission(String(req.params.tracking)).documentId);
    const sha = doc ? fileOf(deps.db, doc.id, 'pdf') : undefined;
    if (!doc || sha === undefined) throw new PortalError(404, 'notFoundTitle');
    res.type('application/pdf').set('Content-Disposition', `attachment; filename="${doc.id}.pdf"`).send(deps.files.get(sha));
  }));

  // ── manual-entry form ────────────────────────────────────────────────────────────────────
  const formPage = (req: Request, res: Response, lang: WebLang, fields: Fields, o: { status?: number; errors?: FieldError[]; draftToken?: string | null; saved?: boolean; query?: string; results?: BodyOption[] | null }): void => {
    const errors = o.errors ?? [];
    const recipient = recipientOf(fields, lang);
    const draftToken = o.draftToken ?? null;
    const expires = draftToken ? loadDraftExpiry(draftToken) : null;
    send(res, o.status ?? 200, lang, draftToken ? `${pt('newTitle', lang)} – ${pt('draftTitle', lang)}` : pt('newTitle', lang), formBody({ lang, fields, errors }, {
      csrf: csrf.token(req, res), draftToken, savedLink: o.saved && draftToken && expires ? { href: `${origin(req)}/portal/drafts/${draftToken}`, expires } : null,
      recipient, query: o.query ?? fields.get('recipientQuery') ?? '', results: o.results ?? null, totals: computeFormTotals(fields), maxAttachmentBytes: maxAttachment, maxAttachments,
    }), req, errors, ['/portal/static/totals.js']);
  };
  const loadDraftExpiry = (token: string): string | null => {
    try {
      return loadDraft(token).expiresAt.slice(0, 10);
    } catch {
      return null;
    }
  };
  r.get('/portal/invoices/new', wrap((req, res, lang) => {
    const fields = emptyForm(today());
    if (req.query.kind === 'credit-note') fields.set('typeCode', '381');
    formPage(req, res, lang, fields, {});
  }));
  r.get('/portal/drafts/:token', wrap((req, res, lang) => {
    const token = String(req.params.token);
    const d = loadDraft(token, 'form');
    if (d.documentId !== null) return res.redirect(303, `/portal/receipt/${trackingFor(token)}`);
    const data = JSON.parse(d.data) as { fields?: [string, string][] };
    formPage(req, res, lang, new Map(data.fields ?? []), { draftToken: token, saved: req.query.saved === '1' });
  }));
  r.post('/portal/invoices/new', wrap(async (req, res, lang) => {
    let form: FormData;
    try {
      form = await readForm(req, { maxFields: 5000, maxFieldBytes: 16 * 1024, maxFiles: 1, maxFileBytes: maxAttachment, maxTotalBytes: maxAttachment + 4 * 1024 * 1024 });
    } catch (err) {
      if (err instanceof FormLimitError && (err.kind === 'file-too-large' || err.kind === 'too-large')) {
        res.set('Connection', 'close');
        throw new PortalError(413, 'tooLargeTitle', pt('fileTooLarge', lang, { max: `${Math.round(maxAttachment / 1024 / 1024)} MB` }));
      }
      throw new PortalError(400, 'badRequestTitle');
    }
    if (!csrf.verify(req, form.fields.get(CSRF_FIELD))) throw new PortalError(403, 'csrfTitle');
    const action = form.fields.get('action') ?? 'recalculate';
    const draftToken = form.fields.get('draft') ?? null;
    const fields: Fields = new Map([...form.fields].filter(([k]) => k !== CSRF_FIELD && k !== 'action' && k !== 'draft'));
    const errors: FieldError[] = [];
    // a new attachment, checked by content
    const file = form.files.find((f) => f.field === 'newAttachment');
    if (file && file.bytes.length > 0) {
      const mime = sniffAttachment(file.bytes);
      const n = count(fields, 'attachments');
      const name = file.filename.replace(/[\\/]/g, '_').slice(0, 120) || 'attachment';
      if (mime === null) errors.push({ field: 'newAttachment', message: pt('attachmentBadType', lang, { name }) });
      else if (n >= maxAttachments) errors.push({ field: 'newAttachment', message: pt('attachmentTooMany', lang, { count: maxAttachments }) });
      else {
        const sha = deps.files.put(file.bytes);
        fields.set(`attachments[${n}].sha256`, sha);
        fields.set(`attachments[${n}].reference`, name);
        fields.set(`attachments[${n}].mime`, mime);
        fields.set(`attachments[${n}].size`, String(file.bytes.length));
        fields.set('count.attachments', String(n + 1));
      }
    }
    const rowAction = /^(add|remove):(\w+)(?::(\d+))?$/.exec(action);
    if (rowAction && (ROWS as readonly string[]).includes(rowAction[2] ?? '')) {
      const kind = rowAction[2] as RowKind;
      if (rowAction[1] === 'add') addRow(fields, kind);
      else removeRow(fields, kind, Number(rowAction[3]));
      return formPage(req, res, lang, fields, { errors, draftToken });
    }
    if (action === 'search') {
      const q = (fields.get('recipientQuery') ?? '').trim().slice(0, 200);
      const index = directory.get(deps.db);
      const results = q === '' ? [] : searchBodies(index, q).map((id) => bodyOption(index, id, lang)).filter((b): b is BodyOption => b !== null).slice(0, 10);
      if (results.length > 0 && !fields.get('recipient')) fields.set('recipient', results[0]?.id ?? '');
      return formPage(req, res, lang, fields, { errors, draftToken, query: q, results });
    }
    if (action === 'save') {
      const token = saveDraft(draftToken, 'form', { fields: [...fields] }, null);
      return res.redirect(303, `/portal/drafts/${token}?saved=1`);
    }
    if (action !== 'check' && action !== 'preview') return formPage(req, res, lang, fields, { errors, draftToken });
    const recipient = recipientOf(fields, lang);
    errors.push(...checkForm(fields, recipient, lang));
    if (errors.length > 0) return formPage(req, res, lang, fields, { status: 422, errors, draftToken });
    let terms: InvoiceTerms;
    let xml: Buffer;
    try {
      terms = formToTerms(fields, recipient, (sha) => (deps.files.has(sha) ? deps.files.get(sha) : null));
      xml = Buffer.from(writeUbl(terms), 'utf8');
    } catch (err) {
      return formPage(req, res, lang, fields, { status: 422, errors: [{ field: null, message: (err as Error).message }], draftToken });
    }
    if (action === 'preview') {
      const pdf = await renderPdf(readInvoice(xml), { lang });
      res.type('application/pdf').set('Content-Disposition', 'inline; filename="preview.pdf"').send(pdf);
      return;
    }
    const report = await validator().validate(xml, { date: today() });
    const known = new Set(fields.keys());
    const findings = report.findings.map((f) => readableFinding(f, lang, { allowances: count(fields, 'allowances'), fields: known }));
    const fatal = findings.filter((f) => f.flag === 'fatal');
    if (fatal.length > 0) {
      const ferrors: FieldError[] = fatal.map((f) => ({ field: f.field, message: `${f.ruleId} – ${f.translated ?? f.message}` }));
      return formPage(req, res, lang, fields, { status: 422, errors: [{ field: null, message: pt('checkInvalid', lang) }, ...ferrors], draftToken });
    }
    const sha = deps.files.put(xml);
    const totals = terms['BG-22'] ?? {};
    const computed = computeFormTotals(fields).totals;
    const summary = [
      { label: pt('docKind', lang), value: fields.get('typeCode') === '381' ? pt('kindCreditNote', lang) : pt('kindInvoice', lang) },
      { label: `${label('BT-1', lang)} (BT-1)`, value: fields.get('number') ?? '' },
      { label: `${label('BT-2', lang)} (BT-2)`, value: fields.get('issueDate') ?? '' },
      { label: pt('recipientTitle', lang), value: recipient ? `${recipient.name} (${recipient.bodyId})` : '' },
      { label: `${label('BT-112', lang)} (BT-112)`, value: `${computed['BT-112'] ?? totals['BT-112'] ?? ''} ${fields.get('currency') ?? ''}` },
      { label: `${label('BT-115', lang)} (BT-115)`, value: `${computed['BT-115'] ?? totals['BT-115'] ?? ''} ${fields.get('currency') ?? ''}` },
    ];
    const dataHash = crypto.createHash('sha256').update(JSON.stringify([...fields])).digest('hex');
    const token = saveDraft(draftToken, 'form', { fields: [...fields], findings: report.findings, summary }, { sha, valid: report.valid, dataHash });
    res.redirect(303, `/portal/review/${token}`);
  }));

  // ── errors as pages ──────────────────────────────────────────────────────────────────────
  r.use('/portal', wrap((req, res, lang) => send(res, 404, lang, webText('notFoundTitle', lang), webText('notFoundText', lang), req)));
  r.use('/portal', (err: unknown, req: Request, res: Response, next: NextFunction) => {
    if (res.headersSent) return next(err);
    const lang = (res.locals.lang as WebLang | undefined) ?? negotiateLang(req, res);
    if (err instanceof PortalError) {
      const text = err.text ?? (err.titleKey === 'csrfTitle' ? webText('csrfText', lang) : err.titleKey === 'notFoundTitle' ? webText('notFoundText', lang) : webText('badRequestTitle', lang));
      return send(res, err.status, lang, webText(err.titleKey, lang), text, req);
    }
    deps.logger.error({ err, path: req.path }, 'portal error');
    send(res, 500, lang, webText('errorTitle', lang), webText('errorText', lang), req);
  });
  return r;
}
