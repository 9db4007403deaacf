/**
 * The directory API. Mount with `app.use(bodiesRouter(deps))`: the paths are absolute
 * (`/api/v1/bodies…`). Reads the request, calls core/directory, writes the response.
 *
 * Authority scope:
 *   GET  /api/v1/bodies?q=&type=&status=&limit=&offset=   list / search (name or identifier)
 *   POST /api/v1/bodies                                   create (409 if the id exists)
 *   GET  /api/v1/bodies/export                            CSV of the whole directory (import format)
 *   GET  /api/v1/bodies/changes?since=&limit=             the audit feed: every change (who, when, effective from, before/after), oldest first
 *   POST /api/v1/bodies/import?dryRun=true&effectiveFrom= CSV import (text/csv body, or multipart field `file`): the diff; without dryRun it applies it, all or nothing
 *   GET  /api/v1/bodies/resolve?receiver=&bt49=&bt47=&bt48=&bt46=&bt10=&bt13=&date=
 *                                                         what the route stage would decide (identifiers as scheme:value), with every attempt
 *   GET  /api/v1/bodies/{id}?asOf=YYYY-MM-DD              one body with its change history; with asOf, the rows valid on that date
 *   PUT  /api/v1/bodies/{id}?effectiveFrom=               create or replace (full representation)
 * Public (no token):
 *   GET  /api/v1/bodies/lookup?q=                         active bodies with their Peppol identifiers and required references
 *                                                         (a retired body found by q is replaced by its successor, with `replaces`)
 *
 * Writes are effective-dated (`effectiveFrom`, default today) and audited (actor = the token).
 */
import express, { type NextFunction, type Request, type RequestHandler, type Response, Router } from 'express';
import { exportCsv, importReportJson } from '../../../core/directory/csv';
import { importCsv } from '../../../core/directory/import';
import { partyFromText } from '../../../core/directory/resolve';
import { findBodies, lookupBodies } from '../../../core/directory/search';
import { isIsoDate, isoDate } from '../../../core/directory/types';
import { bodyAsOf, bodyWithHistory, directoryView, listChanges, previewRouting } from '../../../core/directory/view';
import { createBody, effectiveDate, replaceBody } from '../../../core/directory/write';
import { requireAuth, type Principal } from '../../auth';
import type { AppDeps } from '../../deps';
import { intQueryParam, ProblemError } from '../../errors';
import { readMultipartFile } from '../../ingest/body';

export type BodiesRouterDeps = Pick<AppDeps, 'store' | 'adminToken' | 'clock'> & {
  /** Authority-scope middleware (default: `requireAuth(deps, 'authority')`). */
  authorize?: RequestHandler;
  /** Largest CSV accepted, in bytes (default 20 MB). */
  maxImportBytes?: number;
};

function actorOf(res: Response): string {
  const p = res.locals.principal as Principal | undefined;
  return p?.actor ?? 'anonymous';
}

function strParam(v: unknown): string | undefined {
  return typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined;
}

function badParameter(detail: string): ProblemError {
  return new ProblemError(400, 'bad-parameter', 'Bad parameter', detail);
}

/** `effectiveFrom` as given, in the query or the JSON body (checked by core). */
function givenEffectiveFrom(req: Request): unknown {
  return req.query.effectiveFrom ?? (typeof req.body === 'object' && req.body !== null ? (req.body as Record<string, unknown>).effectiveFrom : undefined);
}

async function readCsv(req: Request, max: number): Promise<string> {
  if ((req.get('content-type') ?? '').startsWith('multipart/form-data')) return (await readMultipartFile(req, max)).bytes.toString('utf8');
  if (typeof req.body === 'string') return req.body;
  throw new ProblemError(415, 'unsupported-media-type', 'Unsupported media type', 'send the CSV as text/csv (or multipart/form-data with a field "file")');
}

export function bodiesRouter(deps: BodiesRouterDeps): Router {
  const router = Router();
  const { store } = deps;
  const authority = deps.authorize ?? requireAuth(deps, 'authority');
  const clock = deps.clock ?? ((): Date => new Date());
  const maxImport = deps.maxImportBytes ?? 20 * 1024 * 1024;
  const json = express.json({ limit: '1mb' });
  const csvText = express.text({ type: ['text/csv', 'text/plain', 'application/csv'], limit: maxImport });
  const wrap = (fn: (req: Request, res: Response) => Promise<void>): RequestHandler => (req: Request, res: Response, next: NextFunction) => {
    fn(req, res).catch(next);
  };

  router.get('/api/v1/bodies/lookup', wrap(async (req, res) => {
    const q = strParam(req.query.q) ?? '';
    if (q.length > 200) throw badParameter('q is longer than 200 characters');
    const limit = intQueryParam(req.query.limit, q === '' ? 1000 : 50, 1000, 'limit');
    res.set('Cache-Control', 'public, max-age=300').json(await lookupBodies(store, { q, today: isoDate(clock()), limit }));
  }));

  router.get('/api/v1/bodies/export', authority, wrap(async (_req, res) => {
    const view = await directoryView(store);
    res.type('text/csv; charset=utf-8').set('Content-Disposition', `attachment; filename="directory-${isoDate(clock())}.csv"`).send(exportCsv(view.current.values()));
  }));

  router.get('/api/v1/bodies/changes', authority, wrap(async (req, res) => {
    const since = intQueryParam(req.query.since, 0, Number.MAX_SAFE_INTEGER, 'since');
    const limit = intQueryParam(req.query.limit, 100, 1000, 'limit');
    const items = await listChanges(store, since, limit);
    res.json({ items, next: items.length > 0 ? items[items.length - 1]!.id : since });
  }));

  router.post('/api/v1/bodies/import', authority, csvText, wrap(async (req, res) => {
    const dryRun = ['true', '1', 'yes'].includes(String(req.query.dryRun ?? '').toLowerCase());
    const effectiveFrom = effectiveDate(givenEffectiveFrom(req), isoDate(clock()));
    const text = await readCsv(req, maxImport);
    const out = await importCsv(store, text, { actor: actorOf(res), dryRun, effectiveFrom, now: clock() });
    if (out.error !== undefined || out.report === undefined) throw new ProblemError(400, 'bad-csv', 'Unusable CSV file', out.error ?? 'the file could not be read');
    if (!dryRun && out.report.errors.length > 0) {
      throw new ProblemError(422, 'import-rejected', 'Import rejected', `${out.report.errors.length} error(s); nothing was written (see errors, with their CSV line)`, importReportJson(out.report, false, false));
    }
    res.json({ ...importReportJson(out.report, dryRun, out.applied), effectiveFrom });
  }));

  router.get('/api/v1/bodies', authority, wrap(async (req, res) => {
    const limit = intQueryParam(req.query.limit, 100, 1000, 'limit');
    const offset = intQueryParam(req.query.offset, 0, Number.MAX_SAFE_INTEGER, 'offset');
    const found = await findBodies(store, { q: strParam(req.query.q), type: strParam(req.query.type), status: strParam(req.query.status), limit, offset });
    res.json({ total: found.total, limit, offset, items: found.items });
  }));

  router.post('/api/v1/bodies', authority, json, wrap(async (req, res) => {
    const now = clock();
    const created = await createBody(store, req.body, { actor: actorOf(res), effectiveFrom: givenEffectiveFrom(req), now });
    res.status(201).location(`/api/v1/bodies/${encodeURIComponent(created.id)}`).json(created);
  }));

  router.get('/api/v1/bodies/resolve', authority, wrap(async (req, res) => {
    const date = strParam(req.query.date) ?? isoDate(clock());
    if (!isIsoDate(date)) throw badParameter('date must be YYYY-MM-DD');
    const party = (v: unknown): ReturnType<typeof partyFromText> | null => {
      const x = strParam(v);
      return x === undefined ? null : partyFromText(x);
    };
    const bt46 = party(req.query.bt46);
    res.json(await previewRouting(store, {
      receiver: strParam(req.query.receiver) ?? null, bt49: party(req.query.bt49), bt47: party(req.query.bt47), bt48: strParam(req.query.bt48) ?? null,
      bt46: bt46 ? [bt46] : [], bt10: strParam(req.query.bt10) ?? null, bt13: strParam(req.query.bt13) ?? null,
    }, date));
  }));

  router.get('/api/v1/bodies/:id', authority, wrap(async (req, res) => {
    const id = String(req.params.id);
    const asOf = strParam(req.query.asOf);
    res.json(asOf === undefined ? await bodyWithHistory(store, id) : await bodyAsOf(store, id, asOf));
  }));

  router.put('/api/v1/bodies/:id', authority, json, wrap(async (req, res) => {
    const now = clock();
    const c = await replaceBody(store, String(req.params.id), req.body, { actor: actorOf(res), effectiveFrom: givenEffectiveFrom(req), now });
    res.status(c.action === 'create' ? 201 : 200).json({ ...c.after, change: { action: c.action, fields: c.fields } });
  }));

  return router;
}
