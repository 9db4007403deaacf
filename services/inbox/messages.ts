/** Texts of the web inbox in French, German and English (the shared web layer picks the language). */
import { translator, type Messages, type Lang } from '../../web';

const M = {
  service: { fr: 'Boîte de réception e-facturation', de: 'E-Rechnungs-Posteingang', en: 'e-Invoicing inbox' },
  signInTitle: { fr: 'Connexion', de: 'Anmeldung', en: 'Sign in' },
  email: { fr: 'Adresse e-mail', de: 'E-Mail-Adresse', en: 'E-mail' },
  password: { fr: 'Mot de passe', de: 'Passwort', en: 'Password' },
  signIn: { fr: 'Se connecter', de: 'Anmelden', en: 'Sign in' },
  badLogin: { fr: 'Adresse inconnue ou mot de passe erroné.', de: 'Unbekannte Adresse oder falsches Passwort.', en: 'Unknown e-mail or wrong password.' },
  tooMany: { fr: 'Trop d’essais infructueux pour cette adresse. Réessayez dans {minutes} minute(s).', de: 'Zu viele Fehlversuche für diese Adresse. Versuchen Sie es in {minutes} Minute(n) erneut.', en: 'Too many failed attempts for this e-mail. Try again in {minutes} minute(s).' },
  signOut: { fr: 'Se déconnecter', de: 'Abmelden', en: 'Sign out' },
  signedInAs: { fr: 'Connecté·e : {login} — {body}', de: 'Angemeldet: {login} — {body}', en: 'Signed in: {login} — {body}' },
  inboxTitle: { fr: 'Factures reçues', de: 'Empfangene Rechnungen', en: 'Invoices received' },
  filters: { fr: 'Filtres', de: 'Filter', en: 'Filters' },
  status: { fr: 'Statut', de: 'Status', en: 'Status' },
  statusAll: { fr: 'tous', de: 'alle', en: 'all' },
  status_new: { fr: 'nouvelle', de: 'neu', en: 'new' },
  status_fetched: { fr: 'téléchargée', de: 'heruntergeladen', en: 'downloaded' },
  status_acknowledged: { fr: 'prise en charge', de: 'übernommen', en: 'acknowledged' },
  supplier: { fr: 'Fournisseur', de: 'Lieferant', en: 'Supplier' },
  supplierHint: { fr: 'nom ou numéro de TVA', de: 'Name oder USt-IdNr.', en: 'name or VAT number' },
  deliveredFrom: { fr: 'Reçues du', de: 'Empfangen vom', en: 'Delivered from' },
  deliveredTo: { fr: 'au', de: 'bis', en: 'to' },
  filter: { fr: 'Filtrer', de: 'Filtern', en: 'Filter' },
  reset: { fr: 'Réinitialiser', de: 'Zurücksetzen', en: 'Reset' },
  select: { fr: 'Sélection', de: 'Auswahl', en: 'Select' },
  selectInvoice: { fr: 'Sélectionner la facture {n}', de: 'Rechnung {n} auswählen', en: 'Select invoice {n}' },
  delivered: { fr: 'Reçue le', de: 'Empfangen am', en: 'Delivered' },
  invoice: { fr: 'Facture', de: 'Rechnung', en: 'Invoice' },
  issueDate: { fr: 'Date d’émission', de: 'Rechnungsdatum', en: 'Issue date' },
  dueDate: { fr: 'Échéance', de: 'Fälligkeit', en: 'Due date' },
  amountDue: { fr: 'Montant dû', de: 'Fälliger Betrag', en: 'Amount due' },
  department: { fr: 'Service', de: 'Abteilung', en: 'Department' },
  departmentAll: { fr: 'Tous les services', de: 'Alle Abteilungen', en: 'All departments' },
  caption: { fr: '{n} document(s), les plus récents d’abord', de: '{n} Dokument(e), neueste zuerst', en: '{n} document(s), newest first' },
  none: { fr: 'Aucun document ne correspond à ces filtres.', de: 'Keine Dokumente entsprechen diesen Filtern.', en: 'No documents match these filters.' },
  downloadSelected: { fr: 'Télécharger la sélection (ZIP)', de: 'Auswahl herunterladen (ZIP)', en: 'Download selected (ZIP)' },
  older: { fr: 'Documents plus anciens', de: 'Ältere Dokumente', en: 'Older documents' },
  back: { fr: '← Boîte de réception', de: '← Posteingang', en: '← Inbox' },
  details: { fr: 'Détails', de: 'Angaben', en: 'Details' },
  supplierVat: { fr: 'TVA du fournisseur', de: 'USt-IdNr. des Lieferanten', en: 'Supplier VAT' },
  buyerRef: { fr: 'Référence acheteur', de: 'Käuferreferenz', en: 'Buyer reference' },
  orderRef: { fr: 'Bon de commande', de: 'Bestellnummer', en: 'Order reference' },
  documentId: { fr: 'Identifiant du document', de: 'Dokumentkennung', en: 'Document id' },
  downloads: { fr: 'Téléchargements', de: 'Downloads', en: 'Downloads' },
  pdf: { fr: 'PDF', de: 'PDF', en: 'PDF' },
  xml: { fr: 'XML', de: 'XML', en: 'XML' },
  bundle: { fr: 'Dossier complet (ZIP)', de: 'Gesamtpaket (ZIP)', en: 'Bundle (ZIP)' },
  ack: { fr: 'Confirmer la prise en charge dans notre comptabilité', de: 'Übernahme in unsere Buchhaltung bestätigen', en: 'Acknowledge: taken into our accounts' },
  acknowledgedOn: { fr: 'Prise en charge confirmée le {at}.', de: 'Übernahme bestätigt am {at}.', en: 'Acknowledged on {at}.' },
  findings: { fr: 'Constats de la validation', de: 'Prüfhinweise', en: 'Findings' },
  history: { fr: 'Historique', de: 'Verlauf', en: 'History' },
  pdfHeading: { fr: 'Facture (PDF)', de: 'Rechnung (PDF)', en: 'Invoice (PDF)' },
  pdfTitle: { fr: 'Facture {n} en PDF', de: 'Rechnung {n} als PDF', en: 'Invoice {n} as PDF' },
  noPdf: { fr: 'Aucun PDF n’est disponible pour ce document.', de: 'Für dieses Dokument ist kein PDF verfügbar.', en: 'No PDF is available for this document.' },
  notFound: { fr: 'Document introuvable', de: 'Dokument nicht gefunden', en: 'Document not found' },
  notFoundText: { fr: 'Ce document n’est pas dans votre boîte de réception.', de: 'Dieses Dokument ist nicht in Ihrem Posteingang.', en: 'No such document in your inbox.' },
  forbidden: { fr: 'Formulaire expiré', de: 'Formular abgelaufen', en: 'Form expired' },
  forbiddenText: { fr: 'Le formulaire a expiré ; rechargez la page.', de: 'Das Formular ist abgelaufen; laden Sie die Seite neu.', en: 'The form has expired; reload the page.' },
  sessionExpired: { fr: 'Session expirée', de: 'Sitzung abgelaufen', en: 'Session expired' },
  signInAgain: { fr: 'Se reconnecter', de: 'Erneut anmelden', en: 'Sign in again' },
  badFilter: { fr: 'Filtre invalide', de: 'Ungültiger Filter', en: 'Invalid filter' },
} satisfies Messages<string>;

export type InboxKey = keyof typeof M;
export const inboxText = translator<InboxKey>(M);

/** Names of states and event types in the document history. */
const EVENT_LABELS: Record<string, Record<Lang, string>> = {
  received: { fr: 'reçue par le hub', de: 'vom Hub empfangen', en: 'received by the hub' },
  validated: { fr: 'validée', de: 'geprüft', en: 'validated' },
  routed: { fr: 'destinataire déterminé', de: 'Empfänger ermittelt', en: 'recipient resolved' },
  rendered: { fr: 'PDF produit', de: 'PDF erstellt', en: 'PDF produced' },
  delivered: { fr: 'remise dans la boîte de réception', de: 'in den Posteingang zugestellt', en: 'delivered to the inbox' },
  acknowledged: { fr: 'prise en charge confirmée', de: 'Übernahme bestätigt', en: 'acknowledged' },
  'webhook.receipt': { fr: 'accusé de réception du webhook', de: 'Empfangsbestätigung des Webhooks', en: 'webhook receipt' },
  'webhook.attempt': { fr: 'envoi webhook échoué (nouvel essai prévu)', de: 'Webhook-Zustellung fehlgeschlagen (neuer Versuch geplant)', en: 'webhook attempt failed (will retry)' },
  'webhook.dead-lettered': { fr: 'webhook abandonné (transmis à l’Autorité)', de: 'Webhook aufgegeben (an die Behörde übergeben)', en: 'webhook given up (passed to the Authority)' },
  'inbox.download': { fr: 'téléchargée', de: 'heruntergeladen', en: 'downloaded' },
  'inbox.ack': { fr: 'prise en charge confirmée', de: 'Übernahme bestätigt', en: 'acknowledged' },
  'pickup.overdue': { fr: 'rappel : non récupérée à temps', de: 'Erinnerung: nicht rechtzeitig abgeholt', en: 'reminder: not picked up in time' },
  redeliver: { fr: 'remise à nouveau par l’Autorité', de: 'von der Behörde erneut zugestellt', en: 'redelivered by the Authority' },
  move: { fr: 'réattribuée par l’Autorité', de: 'von der Behörde umgeleitet', en: 'moved by the Authority' },
};

/** The history line of an event: its type, or for a plain transition the state reached. */
export function eventLabel(type: string, toState: string, lang: Lang): string {
  const key = type === 'transition' ? toState : type;
  return EVENT_LABELS[key]?.[lang] ?? key;
}
