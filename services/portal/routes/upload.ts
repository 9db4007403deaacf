/** The upload page: a file to check (XML, or a Factur-X / ZUGFeRD PDF), read while streaming within the size limit. */
import type { Request, Response } from 'express';
import { checkUpload } from '../../../core/portal/upload';
import { pt } from '../../../templates/portal/messages';
import { uploadBody, uploadRefusalText } from '../../../templates/portal/views';
import { bytes } from '../../../templates/portal/format';
import { CSRF_FIELD, FormLimitError, readForm, type FieldError, type FormData, type Lang } from '../../../web';
import { PageError, type PortalContext, type PortalRoute } from '../context';

export function uploadRoutes(ctx: PortalContext): PortalRoute[] {
  const max = ctx.deps.maxDocumentBytes;
  const show = (req: Request, res: Response, lang: Lang, status: number, errors: FieldError[], notifyEmail = ''): void => {
    ctx.send(req, res, { status, lang, title: pt('uploadTitle', lang), body: uploadBody(lang, ctx.csrf.token(req, res), max, errors, notifyEmail), errors });
  };
  return [
    { method: 'get', path: '/portal/upload', handle: (req, res, lang) => show(req, res, lang, 200, []) },
    {
      method: 'post', path: '/portal/upload',
      handle: async (req, res, lang) => {
        let form: FormData;
        try {
          form = await readForm(req, { maxFields: 10, maxFieldBytes: 1024, maxFiles: 1, maxFileBytes: max, maxTotalBytes: max });
        } catch (err) {
          if (err instanceof FormLimitError && (err.kind === 'file-too-large' || err.kind === 'too-large')) {
            res.set('Connection', 'close');
            return show(req, res, lang, 413, [{ field: 'file', message: pt('fileTooLarge', lang, { max: bytes(max, lang) }) }]);
          }
          throw new PageError(400, 'badRequestTitle');
        }
        if (!ctx.csrf.verify(req, form.fields.get(CSRF_FIELD))) throw new PageError(403, 'csrfTitle');
        const notifyEmail = (form.fields.get('notifyEmail') ?? '').trim();
        const file = form.files.find((f) => f.field === 'file');
        const out = await checkUpload(ctx.core, { filename: file?.filename ?? '', bytes: file?.bytes ?? Buffer.alloc(0), notifyEmail, maxBytes: max });
        if (!out.ok) return show(req, res, lang, 400, [{ field: out.field, message: uploadRefusalText(out.refusal, lang) }], notifyEmail);
        res.redirect(303, `/portal/review/${out.token}`);
      },
    },
  ];
}
