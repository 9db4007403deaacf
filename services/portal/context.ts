/**
 * What every route of the portal shares: the app's dependencies and the core's view of them, the
 * CSRF tokens, the page frame (title, navigation, language switcher), the route table's types and
 * the handler wrapper that picks the language and passes errors to the portal's error pages.
 */
import type { Request, RequestHandler, Response } from 'express';
import { config } from '../../config';
import type { PortalDeps } from '../../core/portal/deps';
import { pt } from '../../templates/portal/messages';
import { Csrf, negotiateLang, page, type FieldError, type HtmlValue, type Lang, type WebKey } from '../../web';
import type { AppDeps } from '../deps';

/** A refusal of the HTTP layer itself (form expired, malformed or too large post): an error page. */
export class PageError extends Error {
  constructor(readonly status: number, readonly titleKey: Extract<WebKey, 'notFoundTitle' | 'tooLargeTitle' | 'badRequestTitle' | 'csrfTitle'>, readonly text: string | null = null) {
    super(titleKey);
  }
}

export type Handler = (req: Request, res: Response, lang: Lang) => Promise<void> | void;

export interface PortalRoute {
  method: 'get' | 'post';
  path: string | string[];
  /** `urlencoded`: a small form body read by express (the multipart forms read their own, streaming). */
  body?: 'urlencoded';
  handle: Handler;
}

export interface PortalContext {
  deps: AppDeps;
  core: PortalDeps;
  csrf: Csrf;
  maxAttachmentBytes: number;
  /** Writes an HTML page in the portal's frame. */
  send(req: Request, res: Response, o: { status?: number; lang: Lang; title: string; body: HtmlValue; errors?: FieldError[]; scripts?: string[] }): void;
  /** `http(s)://host` of the request, for the private links shown. */
  origin(req: Request): string;
}

export function portalContext(deps: AppDeps): PortalContext {
  return {
    deps,
    core: { store: deps.store, cpu: deps.cpu, clock: deps.clock, draftDays: config.portalDraftDays, maxAttachments: config.portalMaxAttachments },
    csrf: new Csrf(config.webSecret),
    maxAttachmentBytes: config.portalMaxAttachmentBytes,
    send(req, res, o) {
      const lang = o.lang;
      res.status(o.status ?? 200).type('text/html; charset=utf-8').send(page({
        lang, title: o.title, body: o.body, errors: o.errors ?? [], service: pt('service', lang), home: '/portal/',
        path: req.originalUrl.replace(/([?&])lang=[a-z]{2}&?/, '$1').replace(/[?&]$/, ''),
        nav: [
          { href: '/portal/invoices/new', label: pt('navNew', lang), current: req.path.startsWith('/portal/invoices') || req.path.startsWith('/portal/drafts') },
          { href: '/portal/upload', label: pt('navUpload', lang), current: req.path === '/portal/upload' },
        ],
        ...(o.scripts ? { scripts: o.scripts } : {}),
      }));
    },
    origin: (req) => `${req.protocol}://${req.get('host') ?? 'localhost'}`,
  };
}

/** An express handler: the page language first (remembered for the error page), errors to the portal's error handler. */
export function wrap(fn: Handler): RequestHandler {
  return (req, res, next) => {
    const lang = negotiateLang(req, res);
    res.locals.lang = lang;
    Promise.resolve().then(() => fn(req, res, lang)).catch(next);
  };
}

/** A path parameter as a string. */
export function param(req: Request, name: string): string {
  return String(req.params[name] ?? '');
}
