/** The register of Peppol service providers with what each sent, and the form to add or edit one (operators). */
import { html, type FieldError, type Html } from '../../web';
import { hiddenCsrf, table } from './components';
import { fmtDay, fmtInt, fmtRate } from './format';
import { consolePage, type Frame } from './layout';
import { ct, labelOf } from './messages';

export interface ProviderLineView {
  seatId: string;
  name: string | null;
  country: string | null;
  status: string | null;
  takenOverAt: string | null;
  sent: number;
  rejected: number;
  rejectionRate: string;
}

export interface ProvidersPageView {
  lines: ProviderLineView[];
  canEdit: boolean;
  errors: FieldError[];
  /** The form's values after a refusal. */
  values: Record<string, string>;
}

function form(f: Frame, v: ProvidersPageView): Html {
  const lang = f.lang;
  const val = (k: string): string => v.values[k] ?? '';
  const invalid = (k: string): Html => (v.errors.some((e) => e.field === k) ? html` aria-invalid="true"` : html``);
  const field = (name: string, label: string, extra: Html = html``, type = 'text'): Html =>
    html`<div class="field"><label for="f-${name}">${label}</label><input type="${type}" id="f-${name}" name="${name}" value="${val(name)}" maxlength="500"${extra}${invalid(name)}></div>`;
  return html`<h2>${ct('addProvider', lang)}</h2><form method="post" action="/console/providers">${hiddenCsrf(f.csrf)}
${field('seatId', ct('seatId', lang), html` required pattern="P[A-Z]{2}[0-9]{6}" class="narrow"`)}${field('name', ct('name', lang), html` required`)}${field('country', ct('country', lang), html` required maxlength="2" class="narrow"`)}${field('contact', ct('contact', lang))}
<div class="field"><label for="f-status">${ct('status', lang)}</label><select id="f-status" name="status">${['active', 'suspended'].map((s) => html`<option value="${s}"${val('status') === s ? html` selected` : ''}>${labelOf('st_', s, lang)}</option>`)}</select></div>
${field('takenOverAt', ct('takenOver', lang), html``, 'date')}<div class="field"><label for="f-notes">${ct('notes', lang)}</label><textarea id="f-notes" name="notes" rows="2" maxlength="4000">${val('notes')}</textarea></div>
<button type="submit">${ct('save', lang)}</button></form>`;
}

export function providersPage(f: Frame, v: ProvidersPageView): string {
  const lang = f.lang;
  return consolePage(f, {
    title: ct('providers', lang), section: 'providers', errors: v.errors,
    body: html`${table(ct('providers', lang), [ct('seatId', lang), ct('name', lang), ct('country', lang), ct('status', lang), ct('takenOver', lang), ct('sent', lang), ct('rejectedCount', lang), ct('rejectionRate', lang)], v.lines.map((p) => [
      html`<a href="/console/providers/${p.seatId}">${p.seatId}</a>`, p.name ?? `(${ct('unregistered', lang)})`, p.country ?? '–', p.status ? labelOf('st_', p.status, lang) : '–',
      fmtDay(p.takenOverAt, lang), fmtInt(p.sent, lang), fmtInt(p.rejected, lang), fmtRate(p.rejectionRate, lang),
    ]), { numeric: [5, 6, 7], hideCaption: true })}
${v.canEdit ? form(f, v) : ''}`,
  });
}
