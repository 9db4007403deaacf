/** The messages of the checks in French, German and English; `{name}` is replaced by the error's parameter. */
import type { Labels } from '../catalogue';
import type { CheckCode, CheckError } from './types';

const MESSAGES: Record<CheckCode, Labels> = {
  'iban.format': {
    fr: '« {value} » n’est pas un IBAN : deux lettres (pays), deux chiffres de contrôle, puis des lettres et des chiffres.',
    de: '„{value}“ ist keine IBAN: zwei Buchstaben (Land), zwei Prüfziffern, dann Buchstaben und Ziffern.',
    en: '“{value}” is not an IBAN: two letters (country), two check digits, then letters and digits.',
  },
  'iban.country': {
    fr: '« {country} » n’est pas un pays qui utilise l’IBAN (IBAN « {value} »).',
    de: '„{country}“ ist kein Land mit IBAN (IBAN „{value}“).',
    en: '“{country}” is not a country that uses IBANs (IBAN “{value}”).',
  },
  'iban.length': {
    fr: 'Un IBAN {country} compte {expected} caractères ; « {value} » en compte {actual}.',
    de: 'Eine IBAN aus {country} hat {expected} Zeichen; „{value}“ hat {actual}.',
    en: 'An IBAN of {country} has {expected} characters; “{value}” has {actual}.',
  },
  'iban.checksum': {
    fr: 'Les chiffres de contrôle de l’IBAN « {value} » sont faux (modulo 97) : vérifiez la saisie.',
    de: 'Die Prüfziffern der IBAN „{value}“ stimmen nicht (Modulo 97): bitte die Eingabe prüfen.',
    en: 'The check digits of the IBAN “{value}” are wrong (modulo 97): check what was typed.',
  },
  'bic.format': {
    fr: '« {value} » n’est pas un BIC : 8 ou 11 caractères (banque 4, pays 2, localité 2, agence 3).',
    de: '„{value}“ ist kein BIC: 8 oder 11 Zeichen (Bank 4, Land 2, Ort 2, Filiale 3).',
    en: '“{value}” is not a BIC: 8 or 11 characters (bank 4, country 2, location 2, branch 3).',
  },
  'bic.country': {
    fr: 'Le code pays « {country} » du BIC « {value} » n’est pas un pays ISO 3166.',
    de: 'Der Ländercode „{country}“ des BIC „{value}“ ist kein ISO-3166-Land.',
    en: 'The country code “{country}” of the BIC “{value}” is not an ISO 3166 country.',
  },
  'vat.prefix': {
    fr: 'Un numéro de TVA commence par le code de son pays (ISO 3166, EL pour la Grèce) : « {value} ».',
    de: 'Eine USt-IdNr. beginnt mit dem Code ihres Landes (ISO 3166, EL für Griechenland): „{value}“.',
    en: 'A VAT identifier starts with the code of its country (ISO 3166, EL for Greece): “{value}”.',
  },
  'vat.greece': {
    fr: 'Les numéros de TVA grecs commencent par EL, pas par GR : « {value} ».',
    de: 'Griechische USt-IdNr. beginnen mit EL, nicht mit GR: „{value}“.',
    en: 'Greek VAT identifiers start with EL, not GR: “{value}”.',
  },
  'vat.format': {
    fr: '« {value} » n’est pas un numéro de TVA {country} valable : forme attendue {example}.',
    de: '„{value}“ ist keine gültige USt-IdNr. aus {country}: erwartet wird die Form {example}.',
    en: '“{value}” is not a valid VAT identifier of {country}: expected the form {example}.',
  },
  'vat.checksum': {
    fr: 'Les chiffres de contrôle du numéro de TVA luxembourgeois « {value} » sont faux : les six premiers chiffres modulo 89 donnent {expected}.',
    de: 'Die Prüfziffern der luxemburgischen USt-IdNr. „{value}“ stimmen nicht: die ersten sechs Ziffern modulo 89 ergeben {expected}.',
    en: 'The check digits of the Luxembourg VAT number “{value}” are wrong: the first six digits modulo 89 give {expected}.',
  },
  'date.invalid': {
    fr: '« {value} » n’est pas une date (AAAA-MM-JJ).',
    de: '„{value}“ ist kein Datum (JJJJ-MM-TT).',
    en: '“{value}” is not a date (YYYY-MM-DD).',
  },
  'date.order': {
    fr: '{label} ({value}) est antérieure à {otherLabel} ({other}).',
    de: '{label} ({value}) liegt vor {otherLabel} ({other}).',
    en: '{label} ({value}) is before {otherLabel} ({other}).',
  },
  'postcode.format': {
    fr: '« {value} » n’est pas un code postal {country} : forme attendue {example}.',
    de: '„{value}“ ist keine Postleitzahl aus {country}: erwartet wird die Form {example}.',
    en: '“{value}” is not a post code of {country}: expected the form {example}.',
  },
  'city.code': {
    fr: '« {value} » est un code ou un numéro, pas le nom d’une localité.',
    de: '„{value}“ ist ein Code oder eine Nummer, kein Ortsname.',
    en: '“{value}” is a code or a number, not the name of a city.',
  },
};

function fill(template: string, params: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (m, k: string) => params[k] ?? m);
}

/** A check error with its messages. Parameters given per language (`{ label: { fr, de, en } }`) are used in that language. */
export function checkError(code: CheckCode, value: string, params: Record<string, string> = {}, localized: Record<string, Labels> = {}): CheckError {
  const msg = MESSAGES[code];
  const inLang = (lang: keyof Labels): Record<string, string> => ({ value, ...params, ...Object.fromEntries(Object.entries(localized).map(([k, v]) => [k, v[lang]])) });
  return { code, value, params, message: { fr: fill(msg.fr, inLang('fr')), de: fill(msg.de, inLang('de')), en: fill(msg.en, inLang('en')) } };
}
