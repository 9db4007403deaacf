/**
 * What every console handler works with: the request's principal (a staff session or an authority
 * bearer token, which counts as administrator), the page frame and the sending of pages, form posts
 * read with their CSRF token checked, the JSON API's CSRF header for sessions, the deps of the
 * document actions (with the job queues as the `enqueue` callback), and small request helpers.
 */
import { pipeline } from 'node:stream/promises';
import type { Request, Response } from 'express';
import { config } from '../../config';
import { CONSOLE_COOKIE, isRole, staffSessionOf, type Role } from '../../core/accounts/staff';
import { resolveToken } from '../../core/accounts/tokens';
import type { ActionDeps } from '../../core/documents/actions';
import { stuckBefore } from '../../core/documents/queues';
import { redeliverDocument } from '../../core/dispatch/operations';
import type { Store } from '../../core/store';
import { csrfPage, type Frame } from '../../templates/console/layout';
import { CSRF_FIELD, Csrf, negotiateLang, readCookie, readForm, type FormData, type FormLimits, type Lang } from '../../web';
import type { AppDeps } from '../deps';
import { ProblemError } from '../errors';

export interface ConsolePrincipal {
  actor: string;
  login: string;
  name: string;
  role: Role;
  via: 'session' | 'token';
  sessionHash?: string;
}

const FORM_LIMITS: FormLimits = { maxFields: 1200, maxFieldBytes: 8192, maxFiles: 0, maxFileBytes: 0, maxTotalBytes: 512 * 1024 };

export class ConsoleContext {
  readonly csrf: Csrf;
  readonly store: Store;
  readonly throttle: { maxFailures: number; lockMs: number };
  readonly actionDeps: ActionDeps;

  constructor(readonly deps: AppDeps) {
    this.csrf = new Csrf(config.webSecret);
    this.store = deps.store;
    this.throttle = { maxFailures: Math.max(1, config.consoleMaxFailures), lockMs: config.consoleLockMs };
    const queues = deps.queues;
    this.actionDeps = { store: deps.store, clock: deps.clock, redeliver: redeliverDocument, ...(queues !== null ? { enqueue: (stage, id) => queues.enqueue(stage, id) } : {}) };
  }

  now(): Date {
    return this.deps.clock();
  }

  /** Documents untouched since this instant are stuck. */
  stuck(): string {
    return stuckBefore(this.now(), config.reconcileAfterMs);
  }

  /** A staff session cookie or an authority bearer token; null: neither (or another scope). */
  async principalOf(req: Request): Promise<ConsolePrincipal | null> {
    const m = /^Bearer\s+(\S+)\s*$/i.exec(req.get('authorization') ?? '');
    if (m?.[1] !== undefined) {
      const p = await resolveToken(this.store, m[1], this.deps.adminToken);
      if (p === null || p.scope !== 'authority') return null;
      return { actor: p.actor, login: p.actor, name: p.name, role: 'administrator', via: 'token' };
    }
    const cookie = readCookie(req, CONSOLE_COOKIE);
    if (cookie === undefined) return null;
    const s = await staffSessionOf(this.store, cookie, this.now());
    if (s === null || !isRole(s.user.role)) return null;
    return { actor: `staff:${s.user.login}`, login: s.user.login, name: s.user.name, role: s.user.role, via: 'session', sessionHash: s.idHash };
  }
}

/** One call of a route's handler. */
export class RouteCall {
  readonly lang: Lang;

  constructor(readonly ctx: ConsoleContext, readonly req: Request, readonly res: Response, readonly principal: ConsolePrincipal | null) {
    this.lang = negotiateLang(req, res);
  }

  get store(): Store {
    return this.ctx.store;
  }

  /** The principal of a route that needs one (every route but the login's). */
  get me(): ConsolePrincipal {
    if (this.principal === null) throw new Error('no principal on this route');
    return this.principal;
  }

  frame(): Frame {
    const p = this.principal;
    return {
      lang: this.lang,
      path: this.req.originalUrl.replace(/([?&])lang=[a-z]{2}(&|$)/, '$1').replace(/[?&]$/, ''),
      user: p === null ? null : { name: p.name, role: p.role, session: p.via === 'session' },
      csrf: this.ctx.csrf.token(this.req, this.res),
    };
  }

  /** Sends a page (the template got `frame()`). */
  page(status: number, html: string): void {
    this.res.status(status).type('text/html; charset=utf-8').send(html);
  }

  /** A query parameter (first 200 characters), or undefined when absent or empty. */
  qs(name: string): string | undefined {
    const v = this.req.query[name];
    return typeof v === 'string' && v !== '' ? v.slice(0, 200) : undefined;
  }

  param(name: string): string {
    return String(this.req.params[name] ?? '');
  }

  /** Reads a form post and checks its CSRF token; on a bad token answers the "form expired" page and gives null. */
  async form(limits: FormLimits = FORM_LIMITS): Promise<FormData | null> {
    const form = await readForm(this.req, limits);
    if (!this.ctx.csrf.verify(this.req, form.fields.get(CSRF_FIELD))) {
      this.page(403, csrfPage(this.frame()));
      return null;
    }
    return form;
  }

  async fields(): Promise<Map<string, string> | null> {
    return (await this.form())?.fields ?? null;
  }

  /** JSON API posts with a session cookie need the CSRF token in a header (bearer tokens do not). */
  apiCsrf(): void {
    if (this.me.via === 'session' && !this.ctx.csrf.verify(this.req, this.req.get('x-csrf-token'))) {
      throw new ProblemError(403, 'csrf', 'CSRF token missing or wrong', 'Send the X-CSRF-Token header of your console session.');
    }
  }

  /** The JSON body of an API request, as an object (anything else: empty). */
  body(): Record<string, unknown> {
    const b: unknown = this.req.body;
    return typeof b === 'object' && b !== null && !Array.isArray(b) ? b as Record<string, unknown> : {};
  }

  /** Runs account changes and their audit row in one transaction (core/accounts takes any `{ db }`). */
  async together<T>(fn: (s: Pick<Store, 'db'>) => Promise<T>): Promise<T> {
    return this.store.db.transaction((tx) => fn({ db: tx }));
  }

  /** Streams a stored file. */
  async blob(sha256: string, mediaType: string, disposition: string): Promise<void> {
    const stream = await this.store.blobs.stream(sha256);
    this.res.type(mediaType).set('Content-Disposition', disposition);
    await pipeline(stream, this.res);
  }
}

/** A string of a JSON body, or undefined. */
export function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

export function notFound(detail: string): ProblemError {
  return new ProblemError(404, 'not-found', 'Not found', detail);
}
