/** The portal's home page. */
import { pt } from '../../../templates/portal/messages';
import { homeBody } from '../../../templates/portal/views';
import type { PortalContext, PortalRoute } from '../context';

export function homeRoutes(ctx: PortalContext): PortalRoute[] {
  return [
    { method: 'get', path: ['/portal', '/portal/'], handle: (req, res, lang) => ctx.send(req, res, { lang, title: pt('homeTitle', lang), body: homeBody(lang) }) },
  ];
}
