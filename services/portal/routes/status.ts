/** What a tracking link leads to: the receipt, the status page, and the downloads (the XML sent, the PDF once rendered). */
import { downloadOf, receiptOf, statusOf } from '../../../core/portal/submissions';
import { pt } from '../../../templates/portal/messages';
import { receiptBody, statusBody } from '../../../templates/portal/views';
import { param, type PortalContext, type PortalRoute } from '../context';

export function statusRoutes(ctx: PortalContext): PortalRoute[] {
  const store = ctx.deps.store;
  return [
    {
      method: 'get', path: '/portal/receipt/:tracking',
      handle: async (req, res, lang) => {
        const tracking = param(req, 'tracking');
        const sent = await receiptOf(store, tracking, lang);
        ctx.send(req, res, { lang, title: pt('receiptTitle', lang), body: receiptBody({ ...sent, link: `${ctx.origin(req)}/portal/status/${tracking}` }, lang) });
      },
    },
    {
      method: 'get', path: '/portal/status/:tracking',
      handle: async (req, res, lang) => {
        const tracking = param(req, 'tracking');
        const s = await statusOf(store, tracking, lang);
        ctx.send(req, res, {
          lang, title: pt('statusTitle', lang),
          body: statusBody({ ...s, xmlHref: `/portal/status/${tracking}/document.xml`, pdfHref: s.hasPdf ? `/portal/status/${tracking}/document.pdf` : null }, lang),
        });
      },
    },
    {
      method: 'get', path: '/portal/status/:tracking/document.xml',
      handle: async (req, res) => {
        const f = await downloadOf(store, param(req, 'tracking'), 'xml');
        res.type('application/xml').set('Content-Disposition', `attachment; filename="${f.id}.xml"`).send(f.bytes);
      },
    },
    {
      method: 'get', path: '/portal/status/:tracking/document.pdf',
      handle: async (req, res) => {
        const f = await downloadOf(store, param(req, 'tracking'), 'pdf');
        res.type('application/pdf').set('Content-Disposition', `attachment; filename="${f.id}.pdf"`).send(f.bytes);
      },
    },
  ];
}
