/**
 * The review of a check (upload or form) with its one verdict, the PDF preview of what was checked
 * (stating the validation the review showed), and the send: confirmed by the supplier, handed to the
 * pipeline by `submitDocument` (stored, enqueued, logged).
 */
import type { Request, Response } from 'express';
import { previewPdf } from '../../../core/portal/preview';
import { checkedXml, reviewOf, type Review } from '../../../core/portal/review';
import { sendChecked } from '../../../core/portal/send';
import { pt } from '../../../templates/portal/messages';
import { notSendableText, reviewBody } from '../../../templates/portal/views';
import { CSRF_FIELD, type Lang } from '../../../web';
import { submitDocument } from '../../ingest/submit';
import { PageError, param, type PortalContext, type PortalRoute } from '../context';

export function reviewRoutes(ctx: PortalContext): PortalRoute[] {
  const show = (req: Request, res: Response, lang: Lang, review: Review, status = 200, confirmError = false): void => {
    ctx.send(req, res, {
      status, lang, title: review.kind === 'upload' ? pt('reportTitle', lang) : pt('checkTitle', lang),
      body: reviewBody({ ...review, csrf: ctx.csrf.token(req, res), confirmError }, lang),
      errors: confirmError ? [{ field: 'confirm', message: pt('confirmRequired', lang) }] : [],
    });
  };
  return [
    {
      method: 'get', path: '/portal/review/:token',
      handle: async (req, res, lang) => {
        const r = await reviewOf(ctx.core, param(req, 'token'), lang);
        if ('redirect' in r) return res.redirect(303, r.redirect === 'receipt' ? `/portal/receipt/${r.tracking}` : `/portal/drafts/${r.token}`);
        show(req, res, lang, r);
      },
    },
    {
      method: 'get', path: '/portal/review/:token/preview.pdf',
      handle: async (req, res, lang) => {
        const { xml, check } = await checkedXml(ctx.core, param(req, 'token'));
        const pdf = await previewPdf(ctx.core, xml, check, lang);
        res.type('application/pdf').set('Content-Disposition', 'inline; filename="preview.pdf"').send(pdf);
      },
    },
    {
      method: 'post', path: '/portal/review/:token/send', body: 'urlencoded',
      handle: async (req, res, lang) => {
        const body = (req.body ?? {}) as Record<string, unknown>;
        if (!ctx.csrf.verify(req, typeof body[CSRF_FIELD] === 'string' ? body[CSRF_FIELD] : undefined)) throw new PageError(403, 'csrfTitle');
        const token = param(req, 'token');
        const r = await reviewOf(ctx.core, token, lang);
        if ('redirect' in r) {
          if (r.redirect === 'receipt') return res.redirect(303, `/portal/receipt/${r.tracking}`);
          throw new PageError(400, 'badRequestTitle', notSendableText('invalid', lang));
        }
        if (r.verdict.kind !== 'sendable') throw new PageError(400, 'badRequestTitle', notSendableText(r.verdict.kind, lang));
        if (body.confirm !== 'yes') return show(req, res, lang, r, 400, true);
        const { tracking } = await sendChecked(ctx.core, token, (input) => submitDocument(ctx.deps, input), lang);
        res.redirect(303, `/portal/receipt/${tracking}`);
      },
    },
  ];
}
