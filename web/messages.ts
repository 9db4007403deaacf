/** The words of the shared web layer itself (layout, error summary, generic errors) in FR/DE/EN. */
import { translator, type Messages } from './i18n';

const WEB = {
  skipToContent: { fr: 'Aller au contenu', de: 'Zum Inhalt springen', en: 'Skip to content' },
  language: { fr: 'Langue', de: 'Sprache', en: 'Language' },
  hubName: { fr: 'Hub national de facturation électronique', de: 'Nationaler E-Rechnungs-Hub', en: 'National e-invoicing hub' },
  errorSummaryTitle: { fr: 'Il y a un problème', de: 'Es gibt ein Problem', en: 'There is a problem' },
  errorPrefix: { fr: 'Erreur :', de: 'Fehler:', en: 'Error:' },
  csrfTitle: { fr: 'Formulaire expiré', de: 'Formular abgelaufen', en: 'Form expired' },
  csrfText: {
    fr: 'Ce formulaire n’est plus valable (session expirée ou envoi depuis un autre site). Rechargez la page et recommencez.',
    de: 'Dieses Formular ist nicht mehr gültig (Sitzung abgelaufen oder von einer anderen Website gesendet). Laden Sie die Seite neu und versuchen Sie es erneut.',
    en: 'This form is no longer valid (session expired or sent from another site). Reload the page and try again.',
  },
  tooManyTitle: { fr: 'Trop de requêtes', de: 'Zu viele Anfragen', en: 'Too many requests' },
  tooManyText: { fr: 'Veuillez patienter {seconds} secondes avant de réessayer.', de: 'Bitte warten Sie {seconds} Sekunden, bevor Sie es erneut versuchen.', en: 'Please wait {seconds} seconds before trying again.' },
  notFoundTitle: { fr: 'Page introuvable', de: 'Seite nicht gefunden', en: 'Page not found' },
  notFoundText: { fr: 'Cette adresse ne correspond à aucune page, ou le lien n’est plus valable.', de: 'Unter dieser Adresse gibt es keine Seite, oder der Link ist nicht mehr gültig.', en: 'There is no page at this address, or the link is no longer valid.' },
  tooLargeTitle: { fr: 'Fichier trop volumineux', de: 'Datei zu groß', en: 'File too large' },
  badRequestTitle: { fr: 'Requête invalide', de: 'Ungültige Anfrage', en: 'Bad request' },
  errorTitle: { fr: 'Erreur', de: 'Fehler', en: 'Error' },
  errorText: { fr: 'La demande n’a pas pu être traitée ; l’erreur a été enregistrée.', de: 'Die Anfrage konnte nicht verarbeitet werden; der Fehler wurde protokolliert.', en: 'The request could not be processed; the error has been logged.' },
  back: { fr: 'Retour', de: 'Zurück', en: 'Back' },
} satisfies Messages<string>;

export type WebKey = keyof typeof WEB;
export const webText = translator<WebKey>(WEB);
