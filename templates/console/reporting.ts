/**
 * The console's "Peppol reporting" page: each month with its Transaction Statistics Report and End
 * User Statistics Report (status, validation), the reminders of the reporting calendar, one month in
 * detail (both reports: versions, findings, download, the figures as a table), and the rebuild form
 * for operators. Texts in FR/DE/EN (this page's own table below).
 */
import type { Lang } from '../../config/languages';
import { html, translator, type Html, type HtmlValue, type Messages } from '../../web';
import { factsTable, hiddenCsrf, notes, table, when, type Notes } from './components';
import { fmtDay, fmtInt, fmtMonth } from './format';
import { consolePage, REPORTING_TITLE, type Frame } from './layout';

const TEXTS = {
  reporting: REPORTING_TITLE,
  intro: {
    fr: 'Chaque mois, le point d’accès du hub envoie à OpenPeppol le rapport de statistiques de transactions (TSR) et le rapport de statistiques d’utilisateurs finaux (EUSR) du mois précédent. Ils sont établis le {buildDay} du mois à partir du registre des échanges Peppol, vérifiés avec les règles officielles, puis mis dans la file d’envoi du point d’accès. OpenPeppol ne traite plus un rapport reçu après le {deadlineDay}. Émetteur des rapports\u00a0: {seat}.',
    de: 'Jeden Monat sendet der Access Point des Hubs OpenPeppol den Transaktionsstatistikbericht (TSR) und den Endnutzerstatistikbericht (EUSR) des Vormonats. Sie werden am {buildDay}. des Monats aus dem Register der Peppol-Austausche erstellt, mit den offiziellen Regeln geprüft und in die Sendewarteschlange des Access Points gestellt. Ein nach dem {deadlineDay}. eingegangener Bericht wird von OpenPeppol nicht mehr verarbeitet. Berichtende Stelle: {seat}.',
    en: 'Every month the hub’s access point sends OpenPeppol the Transaction Statistics Report (TSR) and the End User Statistics Report (EUSR) of the month before. They are built on day {buildDay} of the month from the ledger of Peppol exchanges, checked with the official rules, and put in the access point’s outbox. OpenPeppol does not process a report received after day {deadlineDay}. Reporter: {seat}.',
  },
  counted: {
    fr: 'Sont comptés les documents reçus par Peppol (accusé de réception AS4 donné, y compris ceux que le hub rejette ensuite) et les MLS et réponses de facture envoyés et acquittés par le point d’accès. Les formulaires web et l’API de dépôt ne sont pas des échanges Peppol et ne sont pas comptés.',
    de: 'Gezählt werden die über Peppol empfangenen Dokumente (AS4-Empfangsbestätigung gegeben, auch die später vom Hub abgelehnten) sowie die gesendeten und vom Access Point bestätigten MLS und Rechnungsantworten. Webformulare und die Upload-API sind keine Peppol-Austausche und werden nicht gezählt.',
    en: 'Counted are the documents received over Peppol (AS4 Receipt given, including those the hub rejects afterwards) and the MLS and Invoice Responses sent and acknowledged by the access point. The web forms and the upload API are no Peppol exchanges and are not counted.',
  },
  months: { fr: 'Mois', de: 'Monate', en: 'Months' },
  month: { fr: 'Mois', de: 'Monat', en: 'Month' },
  tsr: { fr: 'Statistiques de transactions (TSR)', de: 'Transaktionsstatistik (TSR)', en: 'Transaction statistics (TSR)' },
  eusr: { fr: 'Statistiques d’utilisateurs finaux (EUSR)', de: 'Endnutzerstatistik (EUSR)', en: 'End user statistics (EUSR)' },
  tsrShort: { fr: 'TSR', de: 'TSR', en: 'TSR' },
  eusrShort: { fr: 'EUSR', de: 'EUSR', en: 'EUSR' },
  received: { fr: 'Reçus', de: 'Empfangen', en: 'Received' },
  sent: { fr: 'Envoyés', de: 'Gesendet', en: 'Sent' },
  exchanges: { fr: 'Échanges du registre', de: 'Austausche im Register', en: 'Exchanges in the ledger' },
  show: { fr: 'Détails de {month}', de: 'Details zu {month}', en: 'Details of {month}' },
  monthTitle: { fr: 'Rapports de {month}', de: 'Berichte für {month}', en: 'Reports of {month}' },
  dates: { fr: 'Établis le {buildOn}, rappel à partir du {remindFrom}, date limite le {deadline}.', de: 'Erstellt am {buildOn}, Erinnerung ab {remindFrom}, Frist {deadline}.', en: 'Built on {buildOn}, reminder from {remindFrom}, deadline {deadline}.' },
  version: { fr: 'Version', de: 'Version', en: 'Version' },
  status: { fr: 'Statut', de: 'Status', en: 'Status' },
  validation: { fr: 'Validation', de: 'Validierung', en: 'Validation' },
  checkedWith: { fr: 'Règles appliquées', de: 'Angewandte Regeln', en: 'Rules applied' },
  builtAt: { fr: 'Établi le', de: 'Erstellt am', en: 'Built' },
  builtBy: { fr: 'Établi par', de: 'Erstellt von', en: 'Built by' },
  pickedUpAt: { fr: 'Pris par le point d’accès le', de: 'Vom Access Point abgeholt am', en: 'Picked up by the access point' },
  acknowledgedAt: { fr: 'Acquitté comme envoyé le', de: 'Als gesendet bestätigt am', en: 'Acknowledged as sent' },
  countedExchanges: { fr: 'Échanges comptés', de: 'Gezählte Austausche', en: 'Exchanges counted' },
  excludedExchanges: { fr: 'Échanges écartés', de: 'Ausgeschlossene Austausche', en: 'Exchanges left out' },
  withoutEndUser: { fr: 'Échanges sans utilisateur final (MLS)', de: 'Austausche ohne Endnutzer (MLS)', en: 'Exchanges without an end user (MLS)' },
  ex_duplicate: { fr: '{n} message(s) AS4 déjà compté(s)', de: '{n} bereits gezählte AS4-Nachricht(en)', en: '{n} AS4 message(s) counted already' },
  'ex_outside-period': { fr: '{n} hors du mois', de: '{n} außerhalb des Monats', en: '{n} outside the month' },
  'ex_not-acknowledged': { fr: '{n} sans accusé de réception', de: '{n} ohne Empfangsbestätigung', en: '{n} without a receipt' },
  'ex_report-document': { fr: '{n} rapport(s) Peppol', de: '{n} Peppol-Bericht(e)', en: '{n} Peppol report(s)' },
  none: { fr: 'aucun', de: 'keine', en: 'none' },
  download: { fr: 'Télécharger le XML (version {version})', de: 'XML herunterladen (Version {version})', en: 'Download the XML (version {version})' },
  figures: { fr: 'Chiffres', de: 'Zahlen', en: 'Figures' },
  figuresOf: { fr: 'Chiffres du {kind} de {month}', de: 'Zahlen des {kind} für {month}', en: 'Figures of the {kind} of {month}' },
  findings: { fr: 'Erreurs', de: 'Fehler', en: 'Errors' },
  versions: { fr: 'Versions', de: 'Versionen', en: 'Versions' },
  versionsOf: { fr: 'Versions du {kind} de {month}', de: 'Versionen des {kind} für {month}', en: 'Versions of the {kind} of {month}' },
  notBuilt: { fr: 'Pas encore établi.', de: 'Noch nicht erstellt.', en: 'Not built yet.' },
  rebuild: { fr: 'Reconstruire les rapports d’un mois', de: 'Berichte eines Monats neu erstellen', en: 'Rebuild the reports of a month' },
  rebuildHint: {
    fr: 'Les mêmes échanges donnent les mêmes octets\u00a0: rien n’est ajouté. Si les chiffres ont changé, une nouvelle version est établie et remplace la précédente dans la file d’envoi si le point d’accès ne l’a pas encore prise.',
    de: 'Dieselben Austausche ergeben dieselben Bytes: nichts wird hinzugefügt. Haben sich die Zahlen geändert, wird eine neue Version erstellt; sie ersetzt die vorige in der Sendewarteschlange, wenn der Access Point diese noch nicht abgeholt hat.',
    en: 'The same exchanges give the same bytes: nothing is added. When the figures changed, a new version is built; it replaces the previous one in the outbox if the access point has not taken that one yet.',
  },
  monthField: { fr: 'Mois (AAAA-MM)', de: 'Monat (JJJJ-MM)', en: 'Month (YYYY-MM)' },
  rebuildButton: { fr: 'Reconstruire', de: 'Neu erstellen', en: 'Rebuild' },
  valid: { fr: 'valide', de: 'gültig', en: 'valid' },
  invalid: { fr: 'non valide ({n} erreur(s))', de: 'ungültig ({n} Fehler)', en: 'invalid ({n} error(s))' },
  noXml: { fr: 'pas de XML', de: 'kein XML', en: 'no XML' },
  s_built: { fr: 'établi, dans la file d’envoi', de: 'erstellt, in der Sendewarteschlange', en: 'built, in the outbox' },
  's_picked-up': { fr: 'pris par le point d’accès', de: 'vom Access Point abgeholt', en: 'picked up by the access point' },
  s_acknowledged: { fr: 'acquitté comme envoyé', de: 'als gesendet bestätigt', en: 'acknowledged as sent' },
  s_superseded: { fr: 'remplacé (retiré de la file)', de: 'ersetzt (aus der Warteschlange genommen)', en: 'superseded (withdrawn from the outbox)' },
  s_invalid: { fr: 'non valide, jamais proposé à l’envoi', de: 'ungültig, nie zum Senden angeboten', en: 'invalid, never offered for sending' },
  s_failed: { fr: 'échec\u00a0: registre inexploitable', de: 'fehlgeschlagen: Register nicht auswertbar', en: 'failed: the ledger cannot be reported' },
  s_none: { fr: 'pas encore établi', de: 'noch nicht erstellt', en: 'not built yet' },
  remind: { fr: '{kind} de {month}\u00a0: pas encore acquitté comme envoyé ({status})\u00a0; date limite le {deadline}.', de: '{kind} für {month}: noch nicht als gesendet bestätigt ({status}); Frist {deadline}.', en: '{kind} of {month}: not acknowledged as sent yet ({status}); deadline {deadline}.' },
  late: { fr: '{kind} de {month}\u00a0: la date limite du {deadline} est passée sans envoi acquitté ({status})\u00a0; OpenPeppol ne le traitera plus.', de: '{kind} für {month}: die Frist {deadline} ist ohne bestätigten Versand abgelaufen ({status}); OpenPeppol verarbeitet ihn nicht mehr.', en: '{kind} of {month}: the deadline {deadline} passed without an acknowledged sending ({status}); OpenPeppol will not process it any more.' },
  o_created: { fr: '{kind} de {month}\u00a0: version {version} établie, valide, mise dans la file d’envoi.', de: '{kind} für {month}: Version {version} erstellt, gültig, in die Sendewarteschlange gestellt.', en: '{kind} of {month}: version {version} built, valid, put in the outbox.' },
  o_unchanged: { fr: '{kind} de {month}\u00a0: inchangé (version {version}, {status})\u00a0; rien de nouveau.', de: '{kind} für {month}: unverändert (Version {version}, {status}); nichts Neues.', en: '{kind} of {month}: unchanged (version {version}, {status}); nothing new.' },
  'o_new-version': { fr: '{kind} de {month}\u00a0: les chiffres ont changé\u00a0; la version {version} remplace la version {previous} ({previousStatus}).', de: '{kind} für {month}: die Zahlen haben sich geändert; Version {version} ersetzt Version {previous} ({previousStatus}).', en: '{kind} of {month}: the figures changed; version {version} replaces version {previous} ({previousStatus}).' },
  o_invalid: { fr: '{kind} de {month}\u00a0: la version {version} ne passe pas les règles officielles\u00a0; elle n’est pas proposée à l’envoi.', de: '{kind} für {month}: Version {version} besteht die offiziellen Regeln nicht; sie wird nicht zum Senden angeboten.', en: '{kind} of {month}: version {version} does not pass the official rules; it is not offered for sending.' },
  o_failed: { fr: '{kind} de {month}\u00a0: le registre ne permet pas d’établir le rapport.', de: '{kind} für {month}: aus dem Register lässt sich kein Bericht erstellen.', en: '{kind} of {month}: the ledger cannot be reported.' },
  badMonth: { fr: 'Indiquez un mois terminé, au format AAAA-MM.', de: 'Geben Sie einen abgeschlossenen Monat im Format JJJJ-MM an.', en: 'Give a month that is over, written YYYY-MM.' },
  col_subtotal: { fr: 'Sous-total', de: 'Zwischensumme', en: 'Subtotal' },
  col_subset: { fr: 'Sous-ensemble', de: 'Teilmenge', en: 'Subset' },
  col_keys: { fr: 'Clés', de: 'Schlüssel', en: 'Keys' },
  col_incoming: { fr: 'Entrants', de: 'Eingehend', en: 'Incoming' },
  col_outgoing: { fr: 'Sortants', de: 'Ausgehend', en: 'Outgoing' },
  col_sending: { fr: 'Utilisateurs finaux émetteurs', de: 'Sendende Endnutzer', en: 'Sending end users' },
  col_receiving: { fr: 'Utilisateurs finaux destinataires', de: 'Empfangende Endnutzer', en: 'Receiving end users' },
  col_either: { fr: 'Émetteurs ou destinataires', de: 'Sendend oder empfangend', en: 'Sending or receiving' },
  row_Total: { fr: 'Total', de: 'Gesamt', en: 'Total' },
  row_FullSet: { fr: 'Ensemble', de: 'Gesamtmenge', en: 'Full set' },
} satisfies Messages<string>;

type Key = keyof typeof TEXTS;
export const rt = translator<Key>(TEXTS);
export const REPORTING_KEYS = Object.keys(TEXTS) as Key[];

export type ReportKindView = 'tsr' | 'eusr';

export interface ReportView {
  id: string;
  month: string;
  kind: ReportKindView;
  version: number;
  status: string;
  valid: boolean | null;
  checkedWith: string | null;
  findings: { ruleId: string | null; message: string; location: string | null }[];
  builtAt: string;
  builtBy: string;
  pickedUpAt: string | null;
  acknowledgedAt: string | null;
  supersededAt: string | null;
  counted: number | null;
  excluded: Record<string, number>;
  withoutEndUser: number | null;
  hasXml: boolean;
}

export interface FiguresView {
  rows: { type: string; keys: string[]; values: number[] }[];
}

export interface MonthView {
  month: string;
  dates: { buildOn: string; remindFrom: string; deadline: string };
  ledger: { received: number; sent: number };
  tsr: ReportView | null;
  eusr: ReportView | null;
}

export interface MonthDetailView extends MonthView {
  reports: { kind: ReportKindView; latest: ReportView | null; versions: ReportView[]; figures: FiguresView | null }[];
}

export interface OutcomeView {
  kind: ReportKindView;
  month: string;
  outcome: 'created' | 'unchanged' | 'new-version' | 'invalid' | 'failed';
  version: number;
  status: string;
  previous: { version: number; status: string } | null;
}

export interface ReportingPageView {
  reporterId: string;
  calendar: { buildDay: number; reminderDay: number; deadlineDay: number };
  reminders: { month: string; kind: ReportKindView; status: string | null; deadline: string; late: boolean }[];
  months: MonthView[];
  selected: MonthDetailView | null;
  canRebuild: boolean;
  outcomes: OutcomeView[];
  errors: string[];
  /** The rebuild form's month. */
  monthValue: string;
}

const kindShort = (k: ReportKindView, lang: Lang): string => rt(k === 'tsr' ? 'tsrShort' : 'eusrShort', lang);

export function statusLabel(status: string | null, lang: Lang): string {
  const key = `s_${status ?? 'none'}`;
  return key in TEXTS ? rt(key as Key, lang) : String(status);
}

function validation(r: ReportView, lang: Lang): string {
  if (r.valid === null) return rt('noXml', lang);
  return r.valid ? rt('valid', lang) : rt('invalid', lang, { n: r.findings.length });
}

function cell(r: ReportView | null, lang: Lang): HtmlValue {
  if (r === null) return statusLabel(null, lang);
  return html`${statusLabel(r.status, lang)}<br><span class="hint">v${r.version} · ${validation(r, lang)}</span>`;
}

function outcomeLine(o: OutcomeView, lang: Lang): string {
  return rt(`o_${o.outcome}` as Key, lang, {
    kind: kindShort(o.kind, lang), month: fmtMonth(o.month, lang), version: o.version, status: statusLabel(o.status, lang),
    previous: o.previous?.version ?? '–', previousStatus: statusLabel(o.previous?.status ?? null, lang),
  });
}

function excludedText(r: ReportView, lang: Lang): string {
  const parts = Object.entries(r.excluded).filter(([, n]) => n > 0).map(([k, n]) => (`ex_${k}` in TEXTS ? rt(`ex_${k}` as Key, lang, { n: fmtInt(n, lang) }) : `${k}: ${n}`));
  return parts.length === 0 ? rt('none', lang) : parts.join(', ');
}

function figuresTable(kind: ReportKindView, month: string, f: FiguresView, lang: Lang): Html {
  const head = kind === 'tsr'
    ? [rt('col_subtotal', lang), rt('col_keys', lang), rt('col_incoming', lang), rt('col_outgoing', lang)]
    : [rt('col_subset', lang), rt('col_keys', lang), rt('col_sending', lang), rt('col_receiving', lang), rt('col_either', lang)];
  const rowLabel = (t: string): string => (t === 'Total' || t === 'FullSet' ? rt(`row_${t}`, lang) : t);
  return table(rt('figuresOf', lang, { kind: kindShort(kind, lang), month: fmtMonth(month, lang) }), head, f.rows.map((r) => [
    rowLabel(r.type),
    r.keys.length === 0 ? '–' : html`<ul class="plain">${r.keys.map((k) => html`<li class="doc-id">${k}</li>`)}</ul>`,
    ...r.values.map((v) => fmtInt(v, lang)),
  ]), { numeric: kind === 'tsr' ? [2, 3] : [2, 3, 4], id: `figures-${kind}` });
}

function reportSection(f: Frame, month: string, d: MonthDetailView['reports'][number]): Html {
  const lang = f.lang;
  const title = rt(d.kind, lang);
  const r = d.latest;
  if (r === null) return html`<section aria-labelledby="h-${d.kind}"><h3 id="h-${d.kind}">${title}</h3><p>${rt('notBuilt', lang)}</p></section>`;
  const facts: [string, HtmlValue][] = [
    [rt('version', lang), fmtInt(r.version, lang)],
    [rt('status', lang), statusLabel(r.status, lang)],
    [rt('validation', lang), validation(r, lang)],
    [rt('checkedWith', lang), r.checkedWith ?? '–'],
    [rt('builtAt', lang), when(r.builtAt, lang)],
    [rt('builtBy', lang), r.builtBy],
    [rt('pickedUpAt', lang), when(r.pickedUpAt, lang)],
    [rt('acknowledgedAt', lang), when(r.acknowledgedAt, lang)],
    [rt('countedExchanges', lang), r.counted === null ? '–' : fmtInt(r.counted, lang)],
    [rt('excludedExchanges', lang), excludedText(r, lang)],
    ...(r.withoutEndUser !== null ? [[rt('withoutEndUser', lang), fmtInt(r.withoutEndUser, lang)] as [string, HtmlValue]] : []),
  ];
  return html`<section aria-labelledby="h-${d.kind}"><h3 id="h-${d.kind}">${title}</h3>
${factsTable(title, facts, { hideCaption: true })}
${r.hasXml ? html`<p><a href="/console/reporting?download=${r.id}">${rt('download', lang, { version: r.version })}</a></p>` : ''}
${r.findings.length > 0 ? html`<h4>${rt('findings', lang)}</h4><ul>${r.findings.map((x) => html`<li>${x.ruleId !== null ? html`<code>${x.ruleId}</code> ` : ''}${x.message}${x.location !== null ? html` <span class="hint doc-id">${x.location}</span>` : ''}</li>`)}</ul>` : ''}
${d.figures !== null ? html`<h4>${rt('figures', lang)}</h4>${figuresTable(d.kind, month, d.figures, lang)}` : ''}
${d.versions.length > 1 ? html`<h4>${rt('versions', lang)}</h4>${table(rt('versionsOf', lang, { kind: kindShort(d.kind, lang), month: fmtMonth(month, lang) }), [rt('version', lang), rt('status', lang), rt('validation', lang), rt('builtAt', lang), rt('acknowledgedAt', lang)], d.versions.map((v) => [
    v.hasXml ? html`<a href="/console/reporting?download=${v.id}">${rt('download', lang, { version: v.version })}</a>` : fmtInt(v.version, lang),
    statusLabel(v.status, lang), validation(v, lang), when(v.builtAt, lang), when(v.acknowledgedAt, lang),
  ]), { hideCaption: true })}` : ''}
</section>`;
}

function rebuildForm(f: Frame, v: ReportingPageView): Html {
  const lang = f.lang;
  return html`<h2>${rt('rebuild', lang)}</h2><p>${rt('rebuildHint', lang)}</p>
<form method="post" action="/console/reporting/rebuild" class="inline-form">${hiddenCsrf(f.csrf)}<div class="field"><label for="f-month">${rt('monthField', lang)}</label><input type="text" id="f-month" name="month" value="${v.monthValue}" required pattern="[0-9]{4}-[0-9]{2}" maxlength="7" class="narrow" inputmode="numeric"></div><button type="submit">${rt('rebuildButton', lang)}</button></form>`;
}

export function reportingPage(f: Frame, v: ReportingPageView): string {
  const lang = f.lang;
  const reminderLines = v.reminders.map((r) => rt(r.late ? 'late' : 'remind', lang, { kind: kindShort(r.kind, lang), month: fmtMonth(r.month, lang), status: statusLabel(r.status, lang), deadline: fmtDay(r.deadline, lang) }));
  const n: Notes = { ok: v.outcomes.map((o) => outcomeLine(o, lang)), errors: [...v.errors, ...reminderLines] };
  const s = v.selected;
  return consolePage(f, {
    title: rt('reporting', lang), section: 'reporting',
    body: html`${notes(n)}<p>${rt('intro', lang, { buildDay: v.calendar.buildDay, deadlineDay: v.calendar.deadlineDay, seat: v.reporterId })}</p><p>${rt('counted', lang)}</p>
<h2>${rt('months', lang)}</h2>${table(rt('months', lang), [rt('month', lang), rt('tsrShort', lang), rt('eusrShort', lang), `${rt('exchanges', lang)} — ${rt('received', lang)}`, `${rt('exchanges', lang)} — ${rt('sent', lang)}`], v.months.map((m) => [
      html`<a href="/console/reporting?month=${m.month}">${rt('show', lang, { month: fmtMonth(m.month, lang) })}</a>`, cell(m.tsr, lang), cell(m.eusr, lang), fmtInt(m.ledger.received, lang), fmtInt(m.ledger.sent, lang),
    ]), { numeric: [3, 4], hideCaption: true, id: 'report-months' })}
${s !== null ? html`<h2>${rt('monthTitle', lang, { month: fmtMonth(s.month, lang) })}</h2><p>${rt('dates', lang, { buildOn: fmtDay(s.dates.buildOn, lang), remindFrom: fmtDay(s.dates.remindFrom, lang), deadline: fmtDay(s.dates.deadline, lang) })}</p>
${s.reports.map((d) => reportSection(f, s.month, d))}` : ''}
${v.canRebuild ? rebuildForm(f, v) : ''}`,
  });
}
