/** The directory screen: search the bodies, open one; links to create a body and to the CSV import (operators). */
import { html, type Html, type Lang } from '../../web';
import { table } from './components';
import { consolePage, type Frame } from './layout';
import { ct, labelOf } from './messages';

export interface BodyLineView {
  id: string;
  name: string;
  type: string;
  status: string;
  identifiers: { scheme: string; value: string }[];
}

export function directoryNav(lang: Lang, canEdit: boolean): Html {
  return html`<p><a href="/console/directory">${ct('bodies', lang)}</a>${canEdit ? html` · <a href="/console/directory/new">${ct('newBody', lang)}</a> · <a href="/console/directory/import">${ct('importCsv', lang)}</a>` : ''}</p>`;
}

export function directoryPage(f: Frame, v: { query: string; bodies: BodyLineView[]; total: number; canEdit: boolean }): string {
  const lang = f.lang;
  return consolePage(f, {
    title: ct('directory', lang), section: 'directory',
    body: html`${directoryNav(lang, v.canEdit)}<form method="get" action="/console/directory" class="inline-form"><div class="field"><label for="f-q">${ct('search', lang)}</label><input type="search" id="f-q" name="q" value="${v.query}"></div><button type="submit">${ct('show', lang)}</button></form>
${v.bodies.length === 0 ? html`<p>${ct('noData', lang)}</p>` : table(ct('bodies', lang), [ct('f_id', lang), ct('name', lang), ct('type', lang), ct('status', lang), ct('identifiers', lang)], v.bodies.map((b) => [
      html`<a href="/console/directory/bodies/${b.id}">${b.id}</a>`, b.name, labelOf('bt_', b.type, lang), labelOf('bs_', b.status, lang), b.identifiers.map((i) => `${i.scheme}:${i.value}`).join(', '),
    ]), { hideCaption: true })}`,
  });
}
