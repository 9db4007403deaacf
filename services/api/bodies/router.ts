/**
 * The directory API. Mount with `app.use(bodiesRouter({ db, adminToken }))`: the paths are
 * absolute (`/api/v1/bodies…`).
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
import type { Database } from '../../../db/client';
import { EAS_CODES, parseParticipantId } from '../../../db/directory/schemes';
import { applyPlan, bodyHistory, currentBodiesFromRows, listChanges, loadCurrentBodies, saveBodies } from '../../../db/directory/store';
import { isIsoDate, isoDate, type BodyError, type BodyInput } from '../../../db/directory/types';
import { parseBodyJson } from '../../../db/directory/validate';
import { buildIndex, DirectoryCache, fold, nameOn, validOn, type DirectoryIndex } from '../../../workers/route/directory-index';
import { followSuccessors, resolveRecipient, type PartyIdentifier } from '../../../workers/route/resolve';
import { requireAuth, type Principal } from '../../auth';
import { intQueryParam, ProblemError } from '../../errors';
import { readMultipartFile } from '../../ingest/body';
import { CsvFormatError, exportCsv, planImport, type ImportReport } from './csv';

export interface BodiesRouterDeps {
  db: Database;
  adminToken?: string | undefined;
  /** Authority-scope middleware (default: `requireAuth(deps, 'authority')`). */
  authorize?: RequestHandler;
  clock?: () => Date;
  /** Largest CSV accepted, in bytes (default 20 MB). */
  maxImportBytes?: number;
}

interface View {
  index: DirectoryIndex;
  current: Map<string, BodyInput>;
}

function actorOf(res: Response): string {
  const p = res.locals.principal as Principal | undefined;
  return p?.actor ?? 'anonymous';
}

function strParam(v: unknown): string | undefined {
  return typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined;
}

function effectiveFromOf(req: Request, today: string): string {
  const q = req.query.effectiveFrom ?? (typeof req.body === 'object' && req.body !== null ? (req.body as Record<string, unknown>).effectiveFrom : undefined);
  if (q === undefined || q === '') return today;
  if (!isIsoDate(q)) throw new ProblemError(400, 'bad-parameter', 'Bad parameter', `effectiveFrom must be a date YYYY-MM-DD, got "${String(q).slice(0, 40)}"`);
  return q;
}

function invalid(errors: BodyError[] | Map<string, BodyError[]>): ProblemError {
  const list = errors instanceof Map ? [...errors].flatMap(([id, es]) => es.map((e) => ({ id, ...e }))) : errors;
  return new ProblemError(422, 'invalid-body', 'Invalid body', list.map((e) => `${e.field}: ${e.message}`).join('; '), { errors: list });
}

/**
 * Search over the index: an identifier (`scheme:value`, or a bare value) first, then names
 * (accent- and case-insensitive, every word must appear), names of any period included.
 */
export function searchBodies(index: DirectoryIndex, q: string): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  const add = (id: string): void => {
    if (!seen.has(id)) {
      seen.add(id);
      out.push(id);
    }
  };
  const raw = q.trim();
  const pid = parseParticipantId(raw);
  if (pid && EAS_CODES.has(pid.scheme)) for (const e of index.byKey.get(`${pid.scheme}:${pid.value.toLowerCase()}`) ?? []) add(e.bodyId);
  for (const e of index.byValue.get(raw.toLowerCase()) ?? []) add(e.bodyId);
  const words = fold(raw).split(' ').filter((w) => w !== '');
  if (words.length > 0) {
    const starts: string[] = [];
    const others: string[] = [];
    for (const b of index.bodies.values()) {
      if (seen.has(b.id)) continue;
      if (words.every((w) => b.searchText.includes(w) || b.id.includes(w))) (b.searchText.includes(` ${words.join(' ')}`) ? starts : others).push(b.id);
    }
    for (const id of [...starts.sort(), ...others.sort()]) add(id);
  }
  return out;
}

async function readCsv(req: Request, max: number): Promise<string> {
  if ((req.get('content-type') ?? '').startsWith('multipart/form-data')) return (await readMultipartFile(req, max)).bytes.toString('utf8');
  if (typeof req.body === 'string') return req.body;
  throw new ProblemError(415, 'unsupported-media-type', 'Unsupported media type', 'send the CSV as text/csv (or multipart/form-data with a field "file")');
}

function publicReport(r: ImportReport, dryRun: boolean, applied: boolean): Record<string, unknown> {
  return {
    dryRun, applied,
    summary: { added: r.added.length, changed: r.changed.length, retired: r.retired.length, unchanged: r.unchanged, errors: r.errors.length },
    added: r.added, changed: r.changed, retired: r.retired, errors: r.errors,
  };
}

export function bodiesRouter(deps: BodiesRouterDeps): Router {
  const router = Router();
  const authority = deps.authorize ?? requireAuth({ db: deps.db, adminToken: deps.adminToken }, 'authority');
  const clock = deps.clock ?? (() => new Date());
  // the directory read once per version (change events), shared by list, search and lookup
  const cache = new DirectoryCache<View>((rows) => ({ index: buildIndex(rows), current: currentBodiesFromRows(rows) }));
  const maxImport = deps.maxImportBytes ?? 20 * 1024 * 1024;
  const json = express.json({ limit: '1mb' });
  const csvText = express.text({ type: ['text/csv', 'text/plain', 'application/csv'], limit: maxImport });
  const wrap = (fn: (req: Request, res: Response) => Promise<void> | void): RequestHandler => (req: Request, res: Response, next: NextFunction) => {
    Promise.resolve().then(() => fn(req, res)).catch(next);
  };

  router.get('/api/v1/bodies/lookup', wrap((req, res) => {
    const q = strParam(req.query.q) ?? '';
    if (q.length > 200) throw new ProblemError(400, 'bad-parameter', 'Bad parameter', 'q is longer than 200 characters');
    const limit = intQueryParam(req.query.limit, q === '' ? 1000 : 50, 1000, 'limit');
    const view = cache.get(deps.db);
    const today = isoDate(clock());
    const ids = q === '' ? [...view.index.bodies.keys()].sort() : searchBodies(view.index, q);
    const at = new Map<string, Record<string, unknown> & { replaces: string[] }>();
    for (const found of ids) {
      let id = found;
      let replaced: string | null = null;
      const e0 = view.index.bodies.get(found);
      if (q !== '' && e0 && e0.validTo !== null && today >= e0.validTo) {
        // a supplier looking up a retired body gets the body that took over its invoices
        const f = followSuccessors(view.index, found, today);
        if (!f.ok) continue;
        id = f.bodyId;
        replaced = found;
      }
      const e = view.index.bodies.get(id);
      const b = view.current.get(id);
      // addressable = exists today (a body whose retirement is scheduled stays addressable until then)
      if (!e || !b || !validOn(e, today)) continue;
      const seen = at.get(id);
      if (seen) {
        if (replaced !== null && !seen.replaces.includes(replaced)) seen.replaces.push(replaced);
        continue;
      }
      const item = {
        id: b.id, type: b.type, parentId: b.parentId, names: b.names, ...(b.shortName ? { shortName: b.shortName } : {}), language: b.language,
        peppolIdentifiers: e.identifiers.filter((x) => x.purpose === 'peppol' && validOn(x, today)).map((x) => `${x.scheme}:${x.value}`),
        requiredReferences: e.requiredRefs.filter((r) => validOn(r, today)).map((r) => r.ref),
        replaces: replaced === null ? [] : [replaced],
      };
      at.set(id, item);
      if (at.size >= limit) break;
    }
    res.set('Cache-Control', 'public, max-age=300').json({ date: today, count: at.size, items: [...at.values()] });
  }));

  router.get('/api/v1/bodies/export', authority, wrap((_req, res) => {
    const view = cache.get(deps.db);
    res.type('text/csv; charset=utf-8').set('Content-Disposition', `attachment; filename="directory-${isoDate(clock())}.csv"`).send(exportCsv(view.current.values()));
  }));

  router.get('/api/v1/bodies/changes', authority, wrap((req, res) => {
    const since = intQueryParam(req.query.since, 0, Number.MAX_SAFE_INTEGER, 'since');
    const limit = intQueryParam(req.query.limit, 100, 1000, 'limit');
    const items = listChanges(deps.db, since, limit);
    res.json({ items, next: items.length > 0 ? items[items.length - 1]!.id : since });
  }));

  router.post('/api/v1/bodies/import', authority, csvText, wrap(async (req, res) => {
    const dryRun = ['true', '1', 'yes'].includes(String(req.query.dryRun ?? '').toLowerCase());
    const effectiveFrom = effectiveFromOf(req, isoDate(clock()));
    const text = await readCsv(req, maxImport);
    const run = (): { report: ImportReport; applied: boolean } => deps.db.transaction((tx) => {
      const report = planImport(text, loadCurrentBodies(tx));
      if (dryRun || report.errors.length > 0) return { report, applied: false };
      applyPlan(tx, report.changes, { actor: actorOf(res), source: 'import', effectiveFrom, now: clock() });
      return { report, applied: true };
    }, { behavior: 'immediate' });
    let out: { report: ImportReport; applied: boolean };
    try {
      out = run();
    } catch (e) {
      if (e instanceof CsvFormatError) throw new ProblemError(400, 'bad-csv', 'Unusable CSV file', e.message);
      throw e;
    }
    if (!dryRun && out.report.errors.length > 0) {
      throw new ProblemError(422, 'import-rejected', 'Import rejected', `${out.report.errors.length} error(s); nothing was written (see errors, with their CSV line)`, publicReport(out.report, false, false));
    }
    res.json({ ...publicReport(out.report, dryRun, out.applied), effectiveFrom });
  }));

  router.get('/api/v1/bodies', authority, wrap((req, res) => {
    const view = cache.get(deps.db);
    const q = strParam(req.query.q);
    const type = strParam(req.query.type);
    const status = strParam(req.query.status);
    const limit = intQueryParam(req.query.limit, 100, 1000, 'limit');
    const offset = intQueryParam(req.query.offset, 0, Number.MAX_SAFE_INTEGER, 'offset');
    const ids = q === undefined ? [...view.current.keys()].sort() : searchBodies(view.index, q);
    const all = ids.map((id) => view.current.get(id)).filter((b): b is BodyInput => b !== undefined && (type === undefined || b.type === type) && (status === undefined || b.status === status));
    res.json({ total: all.length, limit, offset, items: all.slice(offset, offset + limit) });
  }));

  router.post('/api/v1/bodies', authority, json, wrap((req, res) => {
    const today = isoDate(clock());
    const { body, errors } = parseBodyJson(req.body, today);
    if (!body || errors.length > 0) throw invalid(errors);
    const r = saveBodies(deps.db, [body], { actor: actorOf(res), source: 'api', effectiveFrom: effectiveFromOf(req, today), now: clock(), createOnly: true });
    if (!r.ok && r.exists.length > 0) throw new ProblemError(409, 'body-exists', 'Body exists', `body ${body.id} already exists; use PUT /api/v1/bodies/${body.id} to change it`);
    if (!r.ok) throw invalid(r.errors);
    res.status(201).location(`/api/v1/bodies/${encodeURIComponent(body.id)}`).json(r.changes[0]!.after);
  }));

  router.get('/api/v1/bodies/resolve', authority, wrap((req, res) => {
    const date = strParam(req.query.date) ?? isoDate(clock());
    if (!isIsoDate(date)) throw new ProblemError(400, 'bad-parameter', 'Bad parameter', 'date must be YYYY-MM-DD');
    const party = (v: unknown): PartyIdentifier | null => {
      const x = strParam(v);
      if (x === undefined) return null;
      const pid = parseParticipantId(x);
      return pid && EAS_CODES.has(pid.scheme) ? pid : { value: x };
    };
    const bt46 = party(req.query.bt46);
    const r = resolveRecipient(cache.get(deps.db).index, {
      receiver: strParam(req.query.receiver) ?? null, bt49: party(req.query.bt49), bt47: party(req.query.bt47), bt48: strParam(req.query.bt48) ?? null,
      bt46: bt46 ? [bt46] : [], bt10: strParam(req.query.bt10) ?? null, bt13: strParam(req.query.bt13) ?? null,
    }, date);
    res.json(r);
  }));

  router.get('/api/v1/bodies/:id', authority, wrap((req, res) => {
    const id = String(req.params.id);
    const view = cache.get(deps.db);
    const b = view.current.get(id);
    const e = view.index.bodies.get(id);
    if (!b || !e) throw new ProblemError(404, 'not-found', 'Not found', `no body ${id}`);
    const asOf = strParam(req.query.asOf);
    if (asOf === undefined) {
      res.json({ ...b, history: bodyHistory(deps.db, id) });
      return;
    }
    if (!isIsoDate(asOf)) throw new ProblemError(400, 'bad-parameter', 'Bad parameter', 'asOf must be YYYY-MM-DD');
    const on = <T extends { validFrom: string; validTo: string | null }>(l: T[]): T[] => l.filter((x) => validOn(x, asOf));
    const status = asOf < e.validFrom ? 'not-yet-existing' : e.validTo !== null && asOf >= e.validTo ? 'retired' : 'active';
    res.json({
      id, asOf, status, type: e.type, parentId: e.parentId, validFrom: e.validFrom, validTo: e.validTo,
      names: Object.fromEntries(on(e.names).map((n) => [n.lang, n.name])), name: nameOn(e, asOf),
      identifiers: on(e.identifiers).map((x) => ({ scheme: x.scheme, value: x.value, purpose: x.purpose, validFrom: x.validFrom, validTo: x.validTo })),
      successors: on(e.successors), routingRules: on(e.rules), requiredReferences: on(e.requiredRefs).map((r) => r.ref),
    });
  }));

  router.put('/api/v1/bodies/:id', authority, json, wrap((req, res) => {
    const today = isoDate(clock());
    const id = String(req.params.id);
    // validFrom left out: an existing body keeps its own, a new one starts today
    const { body, errors } = parseBodyJson(req.body, cache.get(deps.db).current.get(id)?.validFrom ?? today, id);
    if (!body || errors.length > 0) throw invalid(errors);
    const r = saveBodies(deps.db, [body], { actor: actorOf(res), source: 'api', effectiveFrom: effectiveFromOf(req, today), now: clock() });
    if (!r.ok) throw invalid(r.errors);
    const c = r.changes[0]!;
    res.status(c.action === 'create' ? 201 : 200).json({ ...c.after, change: { action: c.action, fields: c.fields } });
  }));

  return router;
}
