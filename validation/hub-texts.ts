/**
 * The texts of the hub's own findings (syntax, XML Schema, scenario, engine, the findings the
 * pipeline adds: duplicate, routing; the refusals of a status a body asks to send), in English — the
 * official `message` — and in French and German (`messages`). The official CEN and Peppol rules have
 * their texts in `schematron/texts`; these are the hub's, written here once.
 *
 * Each entry is an English template with named placeholders (`{size}`), and its French and German.
 * `hubMessage(key, values)` writes a finding's `message` and `messages` from it; a value may be given
 * in each language (`{ en, fr, de }`: a kind of file, a scenario's title) or once (a number, a code,
 * an identifier, libxml2's English detail, which is quoted as it is after a translated lead-in rather
 * than "translated"). `matchHubText(ruleId, message)` reads an English message written earlier (a
 * stored report from before the texts existed, or a finding written outside `validation/`) back
 * against the templates of its rule id, in table order — the more specific template of a rule first.
 *
 * French typography as in the rule texts (docs/rule-texts.md): a no-break space before `:` and `;`,
 * apostrophe ’, literal values in the English's quotes.
 */
import type { FindingMessages } from './types';

/** A value in each language. */
export interface Localized {
  en: string;
  fr: string;
  de: string;
}

interface HubText {
  /** The rule id of the findings written with this text. */
  ruleId: string;
  en: string;
  fr: string;
  de: string;
}

const NB = '\u00a0';

/** Keyed by what the text says; the order of the entries of one rule id is the order they are matched in. */
export const HUB_TEXTS = {
  // ---------------------------------------------------------------- input and well-formedness (xml-input.ts)
  notXmlLooksLike: {
    ruleId: 'SYNTAX-XML',
    en: 'The document is not XML: it starts with "{start}" (this looks like {kind}). Send the invoice as UBL or CII XML.',
    fr: `Le document n’est pas du XML${NB}: il commence par "{start}" (on dirait {kind}). Envoyez la facture en XML UBL ou CII.`,
    de: 'Das Dokument ist kein XML: Es beginnt mit "{start}" (dem Anschein nach {kind}). Senden Sie die Rechnung als UBL- oder CII-XML.',
  },
  notXml: {
    ruleId: 'SYNTAX-XML',
    en: 'The document is not XML: it starts with "{start}". Send the invoice as UBL or CII XML.',
    fr: `Le document n’est pas du XML${NB}: il commence par "{start}". Envoyez la facture en XML UBL ou CII.`,
    de: 'Das Dokument ist kein XML: Es beginnt mit "{start}". Senden Sie die Rechnung als UBL- oder CII-XML.',
  },
  notWellFormedAt: {
    ruleId: 'SYNTAX-XML',
    en: 'The document is not well-formed XML: {detail} (line {line}, column {column}).',
    fr: `Le document n’est pas du XML bien formé${NB}: {detail} (ligne {line}, colonne {column}).`,
    de: 'Das Dokument ist kein wohlgeformtes XML: {detail} (Zeile {line}, Spalte {column}).',
  },
  notWellFormed: {
    ruleId: 'SYNTAX-XML',
    en: 'The document is not well-formed XML: {detail}',
    fr: `Le document n’est pas du XML bien formé${NB}: {detail}`,
    de: 'Das Dokument ist kein wohlgeformtes XML: {detail}',
  },
  empty: {
    ruleId: 'SYNTAX-EMPTY',
    en: 'The document is empty.',
    fr: 'Le document est vide.',
    de: 'Das Dokument ist leer.',
  },
  tooLarge: {
    ruleId: 'SYNTAX-SIZE',
    en: 'The document is {size} bytes long; the largest accepted is {max} bytes.',
    fr: `Le document fait {size} octets${NB}; la taille maximale acceptée est de {max} octets.`,
    de: 'Das Dokument ist {size} Byte groß; angenommen werden höchstens {max} Byte.',
  },
  encodingBom: {
    ruleId: 'SYNTAX-ENCODING',
    en: 'The encoding declaration says "{declared}" but the byte order mark says {bom}.',
    fr: 'La déclaration d’encodage indique "{declared}", mais l’indicateur d’ordre des octets (BOM) indique {bom}.',
    de: 'Die Kodierungsdeklaration gibt "{declared}" an, die Byte-Order-Markierung (BOM) jedoch {bom}.',
  },
  encodingUtf16NoBom: {
    ruleId: 'SYNTAX-ENCODING',
    en: 'The document looks like UTF-16 without a byte order mark; send UTF-8 (or UTF-16 with a BOM).',
    fr: `Le document semble être en UTF-16 sans indicateur d’ordre des octets (BOM)${NB}; envoyez-le en UTF-8 (ou en UTF-16 avec un BOM).`,
    de: 'Das Dokument scheint UTF-16 ohne Byte-Order-Markierung (BOM) zu sein; senden Sie es in UTF-8 (oder in UTF-16 mit BOM).',
  },
  encodingUtf16Declared: {
    ruleId: 'SYNTAX-ENCODING',
    en: 'The encoding declaration says "{declared}" but the bytes are 8-bit encoded (no UTF-16 byte order mark, ASCII declaration).',
    fr: 'La déclaration d’encodage indique "{declared}", mais les octets sont codés sur 8 bits (pas d’indicateur d’ordre des octets UTF-16, déclaration en ASCII).',
    de: 'Die Kodierungsdeklaration gibt "{declared}" an, die Bytes sind jedoch 8-Bit-kodiert (keine UTF-16-Byte-Order-Markierung, ASCII-Deklaration).',
  },
  encodingUnsupported: {
    ruleId: 'SYNTAX-ENCODING',
    en: 'The encoding "{declared}" is not supported; use UTF-8.',
    fr: `L’encodage "{declared}" n’est pas pris en charge${NB}; utilisez UTF-8.`,
    de: 'Die Kodierung "{declared}" wird nicht unterstützt; verwenden Sie UTF-8.',
  },
  encodingInvalidDeclared: {
    ruleId: 'SYNTAX-ENCODING',
    en: 'The bytes are not valid {encoding} as the encoding declaration ("{declared}") says.',
    fr: 'Les octets ne sont pas du {encoding} valide, comme l’indique pourtant la déclaration d’encodage ("{declared}").',
    de: 'Die Bytes sind kein gültiges {encoding}, wie es die Kodierungsdeklaration ("{declared}") angibt.',
  },
  encodingInvalid: {
    ruleId: 'SYNTAX-ENCODING',
    en: 'The bytes are not valid {encoding} (the encoding XML assumes when none is declared).',
    fr: 'Les octets ne sont pas du {encoding} valide (l’encodage que XML suppose lorsqu’aucun n’est déclaré).',
    de: 'Die Bytes sind kein gültiges {encoding} (die Kodierung, die XML annimmt, wenn keine angegeben ist).',
  },
  doctype: {
    ruleId: 'SYNTAX-DOCTYPE',
    en: 'The document contains a DOCTYPE declaration. DTDs and entity declarations are not accepted in e-invoices (they can be used for entity-expansion and external-entity attacks); remove the DOCTYPE.',
    fr: `Le document contient une déclaration DOCTYPE. Les DTD et les déclarations d’entités ne sont pas acceptées dans les factures électroniques (elles peuvent servir à des attaques par expansion d’entités ou par entités externes)${NB}; supprimez le DOCTYPE.`,
    de: 'Das Dokument enthält eine DOCTYPE-Deklaration. DTDs und Entitätsdeklarationen werden in E-Rechnungen nicht angenommen (sie können für Angriffe durch Entitätsexpansion und externe Entitäten missbraucht werden); entfernen Sie die DOCTYPE-Deklaration.',
  },
  // ---------------------------------------------------------------- XML Schema (xsd.ts): libxml2's English, after a lead-in
  xsd: {
    ruleId: 'XSD',
    en: '{detail}',
    fr: `Le document ne respecte pas le schéma XML${NB}: {detail}`,
    de: 'Das Dokument entspricht nicht dem XML-Schema: {detail}',
  },
  // ---------------------------------------------------------------- scenario selection (scenarios.ts, validate.ts)
  scenarioUnknown: {
    ruleId: 'HUB-SCENARIO-UNKNOWN',
    en: 'Unknown scenario "{scenario}". Known scenarios: {known}.',
    fr: `Scénario inconnu "{scenario}". Scénarios connus${NB}: {known}.`,
    de: 'Unbekanntes Szenario "{scenario}". Bekannte Szenarien: {known}.',
  },
  scenarioRoot: {
    ruleId: 'HUB-SCENARIO-ROOT',
    en: 'Scenario {scenario} accepts {roots}, but the document root is {root}.',
    fr: 'Le scénario {scenario} accepte {roots}, mais l’élément racine du document est {root}.',
    de: 'Das Szenario {scenario} nimmt {roots} an, das Wurzelelement des Dokuments ist jedoch {root}.',
  },
  rootNotAccepted: {
    ruleId: 'HUB-ROOT',
    en: 'The document root is {root}: not a document the hub accepts (an invoice or credit note, an ApplicationResponse or a Peppol report). Accepted roots: {accepted}.',
    fr: `L’élément racine du document est {root}${NB}: ce n’est pas un document que le hub accepte (une facture ou un avoir, une ApplicationResponse ou un rapport Peppol). Éléments racines acceptés${NB}: {accepted}.`,
    de: 'Das Wurzelelement des Dokuments ist {root}: kein Dokument, das der Hub annimmt (eine Rechnung oder Gutschrift, eine ApplicationResponse oder ein Peppol-Bericht). Angenommene Wurzelelemente: {accepted}.',
  },
  specificationIdMissing: {
    ruleId: 'HUB-SPECIFICATION-ID',
    en: 'The {root} has no specification identifier ({element}), so no rule set can be chosen. Accepted: {accepted}.',
    fr: `L’élément {root} n’a pas d’identifiant de spécification ({element}), aucun jeu de règles ne peut donc être choisi. Acceptés${NB}: {accepted}.`,
    de: 'Das Element {root} hat keine Spezifikationskennung ({element}), daher kann kein Regelsatz gewählt werden. Angenommen: {accepted}.',
  },
  specificationIdUnknownOrCius: {
    ruleId: 'HUB-SPECIFICATION-ID',
    en: 'The specification identifier "{id}" ({element}) matches no rule set of the hub for a {root}. Accepted: {accepted}, or an EN 16931 CIUS/extension (urn:cen.eu:en16931:2017#compliant#… / #conformant#…).',
    fr: `L’identifiant de spécification "{id}" ({element}) ne correspond à aucun jeu de règles du hub pour un élément {root}. Acceptés${NB}: {accepted}, ou une CIUS/extension de l’EN 16931 (urn:cen.eu:en16931:2017#compliant#… / #conformant#…).`,
    de: 'Die Spezifikationskennung "{id}" ({element}) entspricht keinem Regelsatz des Hubs für ein Element {root}. Angenommen: {accepted} oder eine CIUS/Erweiterung der EN 16931 (urn:cen.eu:en16931:2017#compliant#… / #conformant#…).',
  },
  specificationIdUnknown: {
    ruleId: 'HUB-SPECIFICATION-ID',
    en: 'The specification identifier "{id}" ({element}) matches no rule set of the hub for a {root}. Accepted: {accepted}.',
    fr: `L’identifiant de spécification "{id}" ({element}) ne correspond à aucun jeu de règles du hub pour un élément {root}. Acceptés${NB}: {accepted}.`,
    de: 'Die Spezifikationskennung "{id}" ({element}) entspricht keinem Regelsatz des Hubs für ein Element {root}. Angenommen: {accepted}.',
  },
  ciusValidatedAsEn16931: {
    ruleId: 'HUB-SCENARIO-CIUS',
    en: 'The specification identifier "{id}" ({name}) has no rule set of its own in the hub: the document was validated against EN 16931 itself (scenario {scenario}).',
    fr: `L’identifiant de spécification "{id}" ({name}) n’a pas de jeu de règles propre dans le hub${NB}: le document a été validé selon l’EN 16931 elle-même (scénario {scenario}).`,
    de: 'Für die Spezifikationskennung "{id}" ({name}) hat der Hub keinen eigenen Regelsatz: Das Dokument wurde gegen die EN 16931 selbst geprüft (Szenario {scenario}).',
  },
  scenarioNotAccepted: {
    ruleId: 'HUB-SCENARIO-NOT-ACCEPTED',
    en: 'The document was recognised as: {title} (scenario {scenario}). Only invoices and credit notes are received here (scenarios {accepted}).',
    fr: `Le document a été reconnu comme${NB}: {title} (scénario {scenario}). Seuls les factures et les avoirs sont reçus ici (scénarios {accepted}).`,
    de: 'Das Dokument wurde erkannt als: {title} (Szenario {scenario}). Hier werden nur Rechnungen und Gutschriften angenommen (Szenarien {accepted}).',
  },
  // the notes of schematron/manifest.ts packInForce
  rulesDateNewest: {
    ruleId: 'HUB-RULES-DATE',
    en: 'no release of {id} is declared in force on {date}; used {pack}, the newest that had started',
    fr: `aucune version de {id} n’est déclarée en vigueur le {date}${NB}; utilisée${NB}: {pack}, la plus récente déjà entrée en vigueur`,
    de: 'für den {date} ist keine Version von {id} als gültig deklariert; verwendet wurde {pack}, die neueste bereits begonnene',
  },
  rulesDateOldest: {
    ruleId: 'HUB-RULES-DATE',
    en: 'no release of {id} was in force yet on {date}; used the oldest available, {pack} (in force from {from})',
    fr: `aucune version de {id} n’était encore en vigueur le {date}${NB}; utilisée${NB}: la plus ancienne disponible, {pack} (en vigueur à partir du {from})`,
    de: 'am {date} war noch keine Version von {id} in Kraft; verwendet wurde die älteste verfügbare, {pack} (in Kraft ab {from})',
  },
  // ---------------------------------------------------------------- the engine (validate.ts; the CPU pool of workers/)
  dateInvalid: {
    ruleId: 'HUB-DATE',
    en: 'The reception date "{date}" is not a date of the form YYYY-MM-DD.',
    fr: 'La date de réception "{date}" n’est pas une date de la forme YYYY-MM-DD.',
    de: 'Das Empfangsdatum "{date}" ist kein Datum der Form YYYY-MM-DD.',
  },
  parserFailed: {
    ruleId: 'HUB-ENGINE',
    en: 'The XML parser could not run: {detail}',
    fr: `L’analyseur XML n’a pas pu s’exécuter${NB}: {detail}`,
    de: 'Der XML-Parser konnte nicht ausgeführt werden: {detail}',
  },
  engineUnavailable: {
    ruleId: 'HUB-ENGINE',
    en: '{detail}',
    fr: `Le moteur de validation n’est pas disponible${NB}: {detail}`,
    de: 'Die Validierungs-Engine ist nicht verfügbar: {detail}',
  },
  xsdPhaseFailed: {
    ruleId: 'HUB-ENGINE-XSD',
    en: 'The XML Schema phase could not run: {detail}',
    fr: `La vérification du schéma XML n’a pas pu s’exécuter${NB}: {detail}`,
    de: 'Die Prüfung gegen das XML-Schema konnte nicht ausgeführt werden: {detail}',
  },
  packUndeclared: {
    ruleId: 'HUB-ENGINE-PACK',
    en: 'Rule pack {pack} is not declared in the manifest.',
    fr: 'Le paquet de règles {pack} n’est pas déclaré dans le manifeste.',
    de: 'Das Regelpaket {pack} ist im Manifest nicht deklariert.',
  },
  packUnavailable: {
    ruleId: 'HUB-ENGINE-PACK',
    en: 'Rule pack {pack} is not available: {detail}',
    fr: `Le paquet de règles {pack} n’est pas disponible${NB}: {detail}`,
    de: 'Das Regelpaket {pack} ist nicht verfügbar: {detail}',
  },
  packUnreadableDocument: {
    ruleId: 'HUB-ENGINE-SCHEMATRON',
    en: 'Rule pack {pack} could not run: the Schematron engine could not read the document ({detail}).',
    fr: `Le paquet de règles {pack} n’a pas pu s’exécuter${NB}: le moteur Schematron n’a pas pu lire le document ({detail}).`,
    de: 'Das Regelpaket {pack} konnte nicht ausgeführt werden: Die Schematron-Engine konnte das Dokument nicht lesen ({detail}).',
  },
  packFailed: {
    ruleId: 'HUB-ENGINE-SCHEMATRON',
    en: 'Rule pack {pack} could not run: {detail}',
    fr: `Le paquet de règles {pack} n’a pas pu s’exécuter${NB}: {detail}`,
    de: 'Das Regelpaket {pack} konnte nicht ausgeführt werden: {detail}',
  },
  poolTimeout: {
    ruleId: 'HUB-ENGINE-TIMEOUT',
    en: 'Validation did not finish within {ms} ms; the document is not considered valid.',
    fr: `La validation ne s’est pas terminée dans le délai de {ms} ms${NB}; le document n’est pas considéré comme valide.`,
    de: 'Die Validierung wurde nicht innerhalb von {ms} ms abgeschlossen; das Dokument gilt nicht als gültig.',
  },
  poolError: {
    ruleId: 'HUB-ENGINE-ERROR',
    en: 'The validation engine failed: {detail}',
    fr: `Le moteur de validation a échoué${NB}: {detail}`,
    de: 'Die Validierungs-Engine ist fehlgeschlagen: {detail}',
  },
  poolCrash: {
    ruleId: 'HUB-ENGINE-CRASH',
    en: 'The validation engine failed: {detail}',
    fr: `Le moteur de validation a échoué${NB}: {detail}`,
    de: 'Die Validierungs-Engine ist fehlgeschlagen: {detail}',
  },
  poolClosed: {
    ruleId: 'HUB-ENGINE-CLOSED',
    en: 'The validation pool is closed.',
    fr: 'Le pool de validation est fermé.',
    de: 'Der Validierungspool ist geschlossen.',
  },
  poolClosedBeforeRun: {
    ruleId: 'HUB-ENGINE-CLOSED',
    en: 'The validation engine failed: {detail}',
    fr: `Le moteur de validation a échoué${NB}: {detail}`,
    de: 'Die Validierungs-Engine ist fehlgeschlagen: {detail}',
  },
  // ---------------------------------------------------------------- what the pipeline adds (core/documents, core/directory)
  duplicate: {
    ruleId: 'HUB-DUPLICATE',
    en: 'Duplicate of document {of}: same seller ({seller}), invoice number {number}, issue date {date} and type {type}. It is not routed nor delivered.',
    fr: `Doublon du document {of}${NB}: même vendeur ({seller}), même numéro de facture {number}, même date d’émission {date} et même type {type}. Il n’est ni acheminé ni livré.`,
    de: 'Duplikat des Dokuments {of}: gleicher Verkäufer ({seller}), gleiche Rechnungsnummer {number}, gleiches Rechnungsdatum {date} und gleicher Typ {type}. Es wird weder weitergeleitet noch zugestellt.',
  },
  duplicateDetected: {
    ruleId: 'HUB-DUPLICATE',
    en: 'Duplicate of document {of}: same seller ({seller}), invoice number {number}, issue date {date} and type {type}.',
    fr: `Doublon du document {of}${NB}: même vendeur ({seller}), même numéro de facture {number}, même date d’émission {date} et même type {type}.`,
    de: 'Duplikat des Dokuments {of}: gleicher Verkäufer ({seller}), gleiche Rechnungsnummer {number}, gleiches Rechnungsdatum {date} und gleicher Typ {type}.',
  },
  routeEndpointMismatch: {
    ruleId: 'HUB-ROUTE-ENDPOINT-MISMATCH',
    en: 'the buyer electronic address (BT-49 {id}) designates body {body}, but the envelope is addressed to {addressed} (body {winner}); the envelope wins',
    fr: `l’adresse électronique de l’acheteur (BT-49 {id}) désigne l’organisme {body}, mais l’enveloppe est adressée à {addressed} (organisme {winner})${NB}; c’est l’enveloppe qui prévaut`,
    de: 'die elektronische Adresse des Käufers (BT-49 {id}) bezeichnet die Stelle {body}, der Umschlag ist jedoch an {addressed} (Stelle {winner}) adressiert; der Umschlag hat Vorrang',
  },
  routeRedirected: {
    ruleId: 'HUB-ROUTE-REDIRECTED',
    en: 'body {from} was retired on {since}; the document goes to its successor {to}',
    fr: `l’organisme {from} a été retiré le {since}${NB}; le document va à son successeur {to}`,
    de: 'die Stelle {from} wurde am {since} aufgelöst; das Dokument geht an ihre Nachfolgerin {to}',
  },
  routeRequiredBuyerReference: {
    ruleId: 'HUB-ROUTE-REQUIRED-BT-10',
    en: 'body {body} requires a buyer reference (BT-10) on its invoices; the document has none',
    fr: `l’organisme {body} exige une référence de l’acheteur (BT-10) sur ses factures${NB}; le document n’en a pas`,
    de: 'die Stelle {body} verlangt auf ihren Rechnungen eine Käuferreferenz (BT-10); das Dokument enthält keine',
  },
  routeRequiredOrderReference: {
    ruleId: 'HUB-ROUTE-REQUIRED-BT-13',
    en: 'body {body} requires a purchase order reference (BT-13) on its invoices; the document has none',
    fr: `l’organisme {body} exige une référence du bon de commande (BT-13) sur ses factures${NB}; le document n’en a pas`,
    de: 'die Stelle {body} verlangt auf ihren Rechnungen eine Bestellnummer (BT-13); das Dokument enthält keine',
  },
  // ---------------------------------------------------------------- a status a body asks to send (core/invoice-response/rules.ts)
  irCharacters: {
    ruleId: 'HUB-IR-CHARACTERS',
    en: '{field} contains a control character or a lone surrogate, which XML cannot carry.',
    fr: '{field} contient un caractère de contrôle ou un demi-codet d’indirection (surrogate) isolé, que XML ne peut pas représenter.',
    de: '{field} enthält ein Steuerzeichen oder ein einzelnes Surrogat; beides kann XML nicht darstellen.',
  },
  irDate: {
    ruleId: 'HUB-IR-DATE',
    en: 'The effective date "{date}" is not a date of the form YYYY-MM-DD.',
    fr: 'La date d’effet "{date}" n’est pas une date de la forme YYYY-MM-DD.',
    de: 'Das Gültigkeitsdatum "{date}" ist kein Datum der Form YYYY-MM-DD.',
  },
  irAmount: {
    ruleId: 'HUB-IR-AMOUNT',
    en: 'The paid amount "{amount}" is not a positive decimal with at most two decimals (e.g. 1250.00).',
    fr: 'Le montant payé "{amount}" n’est pas un nombre décimal positif avec au plus deux décimales (par ex. 1250.00).',
    de: 'Der bezahlte Betrag "{amount}" ist keine positive Dezimalzahl mit höchstens zwei Nachkommastellen (z. B. 1250.00).',
  },
  irAmountWithoutPpd: {
    ruleId: 'HUB-IR-AMOUNT-PPD',
    en: 'A paid amount is stated only for a partial payment (status PD with the reason PPD).',
    fr: 'Un montant payé ne s’indique que pour un paiement partiel (statut PD avec le motif PPD).',
    de: 'Ein bezahlter Betrag wird nur bei einer Teilzahlung angegeben (Status PD mit dem Grund PPD).',
  },
  irCurrencyMissing: {
    ruleId: 'HUB-IR-CURRENCY',
    en: 'A paid amount needs its currency (ISO 4217, e.g. EUR).',
    fr: 'Un montant payé exige sa devise (ISO 4217, par ex. EUR).',
    de: 'Ein bezahlter Betrag erfordert seine Währung (ISO 4217, z. B. EUR).',
  },
  irCurrencyInvalid: {
    ruleId: 'HUB-IR-CURRENCY',
    en: '"{currency}" is not an ISO 4217 currency code (three capital letters).',
    fr: '"{currency}" n’est pas un code de devise ISO 4217 (trois lettres majuscules).',
    de: '"{currency}" ist kein Währungscode nach ISO 4217 (drei Großbuchstaben).',
  },
  irCurrencyWithoutAmount: {
    ruleId: 'HUB-IR-CURRENCY',
    en: 'A currency is given only with a paid amount.',
    fr: 'Une devise ne s’indique qu’avec un montant payé.',
    de: 'Eine Währung wird nur mit einem bezahlten Betrag angegeben.',
  },
  irPrevious: {
    ruleId: 'HUB-IR-PREVIOUS',
    en: 'The previous status "{previous}" is not a status code.',
    fr: 'Le statut précédent "{previous}" n’est pas un code de statut.',
    de: 'Der vorige Status "{previous}" ist kein Statuscode.',
  },
  irAckFirst: {
    ruleId: 'HUB-IR-AB-FIRST',
    en: 'AB (acknowledgement) is only the first status of an invoice; {previous} was already sent.',
    fr: `AB (accusé de réception) ne peut être que le premier statut d’une facture${NB}; {previous} a déjà été envoyé.`,
    de: 'AB (Empfangsbestätigung) kann nur der erste Status einer Rechnung sein; {previous} wurde bereits gesendet.',
  },
  irRejectedFinal: {
    ruleId: 'HUB-IR-RE-FINAL',
    en: 'The invoice was rejected (RE): no status follows unless the Authority reopens it.',
    fr: `La facture a été rejetée (RE)${NB}: aucun statut ne peut suivre, sauf si l’Autorité la rouvre.`,
    de: 'Die Rechnung wurde abgelehnt (RE): Es folgt kein weiterer Status, außer die Behörde öffnet sie wieder.',
  },
  irPaidFinal: {
    ruleId: 'HUB-IR-PD-FINAL',
    en: 'The invoice is paid (PD): only a further payment (PD) may follow, not {code}.',
    fr: `La facture est payée (PD)${NB}: seul un nouveau paiement (PD) peut suivre, pas {code}.`,
    de: 'Die Rechnung ist bezahlt (PD): Nur eine weitere Zahlung (PD) kann folgen, nicht {code}.',
  },
  irOrder: {
    ruleId: 'HUB-IR-ORDER',
    en: '{code} cannot follow {previous}: statuses advance AB → IP → UQ → CA → RE or AP → PD (allowed after {previous}: {allowed}).',
    fr: `{code} ne peut pas suivre {previous}${NB}: les statuts avancent AB → IP → UQ → CA → RE ou AP → PD (possibles après {previous}${NB}: {allowed}).`,
    de: '{code} kann nicht auf {previous} folgen: Die Status folgen der Reihe AB → IP → UQ → CA → RE oder AP → PD (nach {previous} möglich: {allowed}).',
  },
  // ---------------------------------------------------------------- the command line (cli/commands/validate.ts)
  sbdhUnreadable: {
    ruleId: 'SBDH',
    en: 'the SBDH envelope cannot be opened: {detail}',
    fr: `l’enveloppe SBDH ne peut pas être ouverte${NB}: {detail}`,
    de: 'der SBDH-Umschlag kann nicht geöffnet werden: {detail}',
  },
} as const satisfies Record<string, HubText>;

export type HubTextKey = keyof typeof HUB_TEXTS;

/** Values of the language-dependent placeholders, recognised when a stored English message is read back (`matchHubText`). */
export type Choices = Readonly<Record<string, readonly Localized[]>>;

const NOT_XML_KINDS: readonly Localized[] = [
  { en: 'a PDF file', fr: 'un fichier PDF', de: 'eine PDF-Datei' },
  { en: 'a ZIP archive (or an office document)', fr: 'une archive ZIP (ou un document bureautique)', de: 'ein ZIP-Archiv (oder ein Office-Dokument)' },
  { en: 'a PNG image', fr: 'une image PNG', de: 'ein PNG-Bild' },
  { en: 'a JPEG image', fr: 'une image JPEG', de: 'ein JPEG-Bild' },
  { en: 'JSON', fr: 'du JSON', de: 'JSON' },
];

/** What a non-XML document looks like, by its first bytes (`notXmlLooksLike`). */
export const notXmlKinds = {
  pdf: NOT_XML_KINDS[0]!,
  zip: NOT_XML_KINDS[1]!,
  png: NOT_XML_KINDS[2]!,
  jpeg: NOT_XML_KINDS[3]!,
  json: NOT_XML_KINDS[4]!,
} as const;

/** A document without a root element (`scenarioRoot`, `rootNotAccepted`). */
export const NO_ROOT: Localized = { en: 'no root element', fr: 'absent', de: 'nicht vorhanden' };

/** No status may follow (`irOrder`). */
export const NONE_ALLOWED: Localized = { en: 'none', fr: 'aucun', de: 'keiner' };

const BUILT_IN_CHOICES: Choices = { kind: NOT_XML_KINDS, root: [NO_ROOT], allowed: [NONE_ALLOWED] };

function placeholderNames(template: string): string[] {
  return [...template.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!);
}

function fill(template: string, values: Readonly<Record<string, string>>): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => values[name] ?? whole);
}

/** A finding's `message` (English) and `messages` (French, German) from a text of the table. */
export function hubMessage(key: HubTextKey, values: Readonly<Record<string, string | number | Localized>> = {}): { message: string; messages: Required<FindingMessages> } {
  const t: HubText = HUB_TEXTS[key];
  const inLang = (lang: keyof Localized): Record<string, string> =>
    Object.fromEntries(Object.entries(values).map(([k, v]) => [k, typeof v === 'object' ? v[lang] : String(v)]));
  return { message: fill(t.en, inLang('en')), messages: { fr: fill(t.fr, inLang('fr')), de: fill(t.de, inLang('de')) } };
}

const escapeRegExp = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

interface Compiled { text: HubText; pattern: RegExp; names: string[] }
let compiled: Map<string, Compiled[]> | null = null;

function byRule(): Map<string, Compiled[]> {
  if (compiled !== null) return compiled;
  compiled = new Map();
  for (const text of Object.values(HUB_TEXTS) as HubText[]) {
    const names = placeholderNames(text.en);
    const source = text.en.split(/\{\w+\}/).map(escapeRegExp).join('(.*?)');
    const list = compiled.get(text.ruleId) ?? [];
    list.push({ text, pattern: new RegExp(`^${source}$`, 's'), names });
    compiled.set(text.ruleId, list);
  }
  return compiled;
}

/**
 * The French and German of an English hub message, read back against the templates of its rule id
 * (values copied; a value found in `choices` or the built-in ones — the kinds of file, "no root
 * element" — given in each language). undefined when no template of the rule fits.
 */
export function matchHubText(ruleId: string, message: string, choices: Choices = {}): Required<FindingMessages> | undefined {
  for (const c of byRule().get(ruleId) ?? []) {
    const m = c.pattern.exec(message);
    if (m === null) continue;
    const values: Record<string, string | Localized> = {};
    c.names.forEach((name, i) => {
      const v = m[i + 1] ?? '';
      values[name] = (choices[name] ?? BUILT_IN_CHOICES[name])?.find((x) => x.en === v) ?? v;
    });
    const localized = (lang: 'fr' | 'de'): Record<string, string> =>
      Object.fromEntries(Object.entries(values).map(([k, v]) => [k, typeof v === 'string' ? v : v[lang]]));
    return { fr: fill(c.text.fr, localized('fr')), de: fill(c.text.de, localized('de')) };
  }
  return undefined;
}
