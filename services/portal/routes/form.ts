/**
 * The manual-entry form: a new invoice or credit note, a draft resumed by its private link, and the
 * form's posts (every button is a round trip; core/portal/invoice-form.ts says what each does).
 */
import type { Request, Response } from 'express';
import { today } from '../../../core/portal/deps';
import { draftExpiry, loadDraft } from '../../../core/portal/drafts';
import type { MappedFinding } from '../../../core/portal/findings';
import type { FormIssue } from '../../../core/portal/form-check';
import { attachmentsOf, count, emptyForm, exemptInUse, isCreditNote, normalizeForm, type Fields } from '../../../core/portal/form';
import { handleFormPost, parseAction } from '../../../core/portal/invoice-form';
import { recipientOf, type BodyOption } from '../../../core/portal/recipients';
import { trackingFor } from '../../../core/portal/tokens';
import { computeFormTotals } from '../../../core/portal/totals';
import { CATEGORY_RULES, EXEMPT_CATEGORIES, VAT_CATEGORIES } from '../../../core/portal/vat';
import { issueErrors } from '../../../templates/portal/fields';
import { findingLine } from '../../../templates/portal/findings';
import { formBody, type FormView } from '../../../templates/portal/form';
import { bytes } from '../../../templates/portal/format';
import { pt } from '../../../templates/portal/messages';
import { CSRF_FIELD, FormLimitError, readForm, type FieldError, type FormData, type Lang } from '../../../web';
import { PageError, param, type PortalContext, type PortalRoute } from '../context';

interface FormPage {
  status?: number;
  issues?: FormIssue[];
  findings?: MappedFinding[];
  /** The check found blocking findings: the error summary says so first. */
  invalid?: boolean;
  draftToken?: string | null;
  saved?: boolean;
  query?: string | null;
  results?: BodyOption[] | null;
}

/** The fields the form posted, without the page's own (CSRF token, button, draft link). */
function postedFields(form: FormData): Fields {
  return new Map([...form.fields].filter(([k]) => k !== CSRF_FIELD && k !== 'action' && k !== 'draft'));
}

export function formRoutes(ctx: PortalContext): PortalRoute[] {
  const maxAttachment = ctx.maxAttachmentBytes;

  const show = async (req: Request, res: Response, lang: Lang, fields: Fields, o: FormPage): Promise<void> => {
    const core = ctx.core;
    const day = today(core);
    const credit = isCreditNote(fields);
    const draftToken = o.draftToken ?? null;
    const expires = draftToken ? await draftExpiry(core, draftToken) : null;
    const used = new Set(exemptInUse(fields));
    const errors: FieldError[] = [
      ...(o.invalid && (o.findings ?? []).length > 0 ? [{ field: null, message: pt('checkInvalid', lang) }] : []),
      ...issueErrors(o.issues ?? [], lang, credit),
      ...(o.findings ?? []).map((f) => ({ field: f.field, message: findingLine(f, lang) })),
    ];
    const view: FormView = {
      csrf: ctx.csrf.token(req, res), draftToken,
      savedLink: o.saved && draftToken && expires ? { href: `${ctx.origin(req)}/portal/drafts/${draftToken}`, expires } : null,
      recipient: await recipientOf(core.store, fields.get('recipient'), day, lang),
      query: o.query ?? fields.get('recipientQuery') ?? '', results: o.results ?? null,
      totals: computeFormTotals(fields, lang),
      counts: { lines: count(fields, 'lines'), allowances: count(fields, 'allowances'), charges: count(fields, 'charges'), attachments: count(fields, 'attachments') },
      attachments: attachmentsOf(fields),
      categories: VAT_CATEGORIES.map((code) => ({ code, rate: CATEGORY_RULES[code].rate })),
      exemptions: EXEMPT_CATEGORIES.map((c) => ({ category: c, codes: CATEGORY_RULES[c].reasonCodes, inUse: used.has(c) })),
      creditNote: credit, maxAttachmentBytes: maxAttachment, maxAttachments: core.maxAttachments,
    };
    const title = draftToken ? `${pt('newTitle', lang)} – ${pt('draftTitle', lang)}` : pt('newTitle', lang);
    ctx.send(req, res, { status: o.status ?? 200, lang, title, body: formBody({ lang, fields, errors }, view), errors, scripts: ['/portal/static/totals.js'] });
  };

  const readPost = async (req: Request, res: Response, lang: Lang): Promise<FormData> => {
    try {
      return await readForm(req, { maxFields: 5000, maxFieldBytes: 16 * 1024, maxFiles: 1, maxFileBytes: maxAttachment, maxTotalBytes: maxAttachment + 4 * 1024 * 1024 });
    } catch (err) {
      if (err instanceof FormLimitError && (err.kind === 'file-too-large' || err.kind === 'too-large')) {
        res.set('Connection', 'close');
        throw new PageError(413, 'tooLargeTitle', pt('fileTooLarge', lang, { max: bytes(maxAttachment, lang) }));
      }
      throw new PageError(400, 'badRequestTitle');
    }
  };

  return [
    {
      method: 'get', path: '/portal/invoices/new',
      handle: async (req, res, lang) => {
        const fields = emptyForm(today(ctx.core), req.query.kind === 'credit-note' ? 'credit-note' : 'invoice');
        normalizeForm(fields);
        await show(req, res, lang, fields, {});
      },
    },
    {
      method: 'get', path: '/portal/drafts/:token',
      handle: async (req, res, lang) => {
        const token = param(req, 'token');
        const d = await loadDraft(ctx.core, token, 'form');
        if (d.documentId !== null) return res.redirect(303, `/portal/receipt/${trackingFor(token)}`);
        await show(req, res, lang, new Map(d.data.fields ?? []), { draftToken: token, saved: req.query.saved === '1' });
      },
    },
    {
      method: 'post', path: '/portal/invoices/new',
      handle: async (req, res, lang) => {
        const form = await readPost(req, res, lang);
        if (!ctx.csrf.verify(req, form.fields.get(CSRF_FIELD))) throw new PageError(403, 'csrfTitle');
        const draftToken = form.fields.get('draft') ?? null;
        const file = form.files.find((f) => f.field === 'newAttachment');
        const out = await handleFormPost(ctx.core, {
          fields: postedFields(form), draftToken, action: parseAction(form.fields.get('action')), ...(file ? { file: { filename: file.filename, bytes: file.bytes } } : {}),
        }, lang);
        switch (out.show) {
          case 'saved': return res.redirect(303, `/portal/drafts/${out.token}?saved=1`);
          case 'review': return res.redirect(303, `/portal/review/${out.token}`);
          case 'pdf':
            res.type('application/pdf').set('Content-Disposition', 'inline; filename="preview.pdf"').send(out.pdf);
            return;
          case 'form':
            return show(req, res, lang, out.fields, { status: out.invalid ? 422 : 200, issues: out.issues, findings: out.findings, invalid: out.invalid, draftToken, query: out.query, results: out.results });
        }
      },
    },
  ];
}
