/**
 * Every finding of a report carries `message` (the official English) and `messages: {fr, de}`: the rule
 * texts of the pack and release that produced it, values filled in; the hub's own texts for syntax, XML
 * Schema, scenario and engine findings. `findingText` is what a person reads. MLS lines stay English.
 */
import fs from 'node:fs';
import path from 'node:path';
import { linesFromFindings } from '../../core/mls/build';
import { ruleText } from '../../schematron/texts';
import { findingPlainText, findingText } from '../../templates/findings';
import { validate, type Finding } from '../../validation';
import { HUB_TEXTS, hubMessage, matchHubText, type HubTextKey } from '../../validation/hub-texts';
import { messagesFor, withMessages } from '../../validation/messages';

const examples = path.resolve(__dirname, '../../../shared/examples');
const read = (p: string): string => fs.readFileSync(path.join(examples, p), 'utf8');
/** The official Peppol base example without its currency code (BT-5): BR-05. */
const withoutCurrency = (): Buffer => Buffer.from(read('peppol-billing/base-example.xml').replace(/\s*<cbc:DocumentCurrencyCode>EUR<\/cbc:DocumentCurrencyCode>/, ''));

describe('Schematron findings', () => {
  test('BR-05 of a real document: the French and German rule texts of the pack and release that produced it', async () => {
    const r = await validate(withoutCurrency(), { date: '2026-09-01' });
    const f = r.findings.find((x) => x.ruleId === 'BR-05')!;
    expect(f).toMatchObject({ source: 'schematron', pack: 'cen-en16931-ubl@1.3.16', message: '[BR-05]-An Invoice shall have an Invoice currency code (BT-5).' });
    expect(f.messages).toEqual({ fr: ruleText('BR-05', 'fr', f.pack), de: ruleText('BR-05', 'de', f.pack) });
    expect(f.messages?.fr).toBe('Une facture doit avoir un code de devise de la facture (BT-5).');
    expect(f.messages?.de).toBe('Eine Rechnung muss einen Code für die Rechnungswährung (BT-5) enthalten.');
    // every finding of the report has both texts, none of them the English
    for (const x of r.findings) {
      expect([x.ruleId, typeof x.messages?.fr, typeof x.messages?.de]).toEqual([x.ruleId, 'string', 'string']);
      expect(x.messages?.fr).not.toBe(x.message);
    }
    // a Peppol rule of the same report: the Peppol release's text
    const peppol = r.findings.find((x) => x.ruleId === 'PEPPOL-EN16931-R051')!;
    expect(peppol.pack).toMatch(/^peppol-bis-billing-3-ubl@/);
    expect(peppol.messages?.de).toBe(ruleText('PEPPOL-EN16931-R051', 'de', peppol.pack));
  });

  test('a dynamic value ({1}) is filled in from the evaluated English: MLS SCH-MLS-19', async () => {
    const mls = read('peppol-mls/MessageLevelStatus_Example_RE.xml').replace(/(<cbc:ResponseCode[^>]*>)RE</, '$1XQ<');
    const r = await validate(Buffer.from(mls));
    const f = r.findings.find((x) => x.ruleId === 'SCH-MLS-19')!;
    expect(f.message).toContain('The Response Code (XQ)');
    expect(ruleText('SCH-MLS-19', 'fr', f.pack)).toContain('{1}');
    expect(f.messages).toEqual({
      fr: 'Le code de réponse (Response Code) (XQ) doit être codé selon la liste de codes',
      de: 'Der Antwortcode (XQ) muss gemäß der Codeliste codiert sein.',
    });
  });

  test('a stored finding without texts (a report from before them, a finding without its pack) gets them', () => {
    const stored: Finding = { source: 'schematron', ruleId: 'BR-05', flag: 'fatal', location: '/Invoice[1]', message: '[BR-05]-An Invoice shall have an Invoice currency code (BT-5).', pack: 'cen-en16931-ubl@1.3.16' };
    expect(withMessages(stored).messages?.fr).toBe('Une facture doit avoir un code de devise de la facture (BT-5).');
    const { pack: _pack, ...noPack } = stored;
    expect(withMessages(noPack).messages?.de).toBe('Eine Rechnung muss einen Code für die Rechnungswährung (BT-5) enthalten.');
    // one that has them is kept as it is; one whose English fits no text gets none
    const own = { ...stored, messages: { fr: 'x', de: 'y' } };
    expect(withMessages(own)).toBe(own);
    expect(messagesFor({ source: 'schematron', ruleId: 'BR-05', message: 'something else entirely', pack: 'cen-en16931-ubl@1.3.16' })).toBeUndefined();
  });
});

describe("the hub's own findings", () => {
  test('every text has a French and a German with the same placeholders, and is read back as written', () => {
    for (const [key, t] of Object.entries(HUB_TEXTS) as [HubTextKey, { ruleId: string; en: string; fr: string; de: string }][]) {
      const names = (s: string): string[] => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!).sort();
      expect([key, names(t.fr), names(t.de)]).toEqual([key, names(t.en), names(t.en)]);
      expect([key, t.fr === t.en, t.de === t.en]).toEqual([key, false, false]);
      // French: a no-break space before a colon or semicolon that ends a word
      expect([key, / [:;]/.test(t.fr)]).toEqual([key, false]);
      const values = Object.fromEntries(names(t.en).map((n, i) => [n, `v${i}-${n}`]));
      const written = hubMessage(key, values);
      // the same English may come from two entries of one rule id (the pool's failures): the texts are then the same
      expect([key, matchHubText(t.ruleId, written.message)]).toEqual([key, written.messages]);
    }
  });

  test('syntax, XML Schema, scenario and date findings of real inputs', async () => {
    const base = read('peppol-billing/base-example.xml');
    const cases: { bytes: string; opts?: Parameters<typeof validate>[1]; ruleId: string; fr: string | RegExp; de: string | RegExp }[] = [
      { bytes: '', ruleId: 'SYNTAX-EMPTY', fr: 'Le document est vide.', de: 'Das Dokument ist leer.' },
      { bytes: '%PDF-1.7 not an invoice', ruleId: 'SYNTAX-XML', fr: /^Le document n’est pas du XML\u00a0: il commence par "%PDF-1\.7 not an " \(on dirait un fichier PDF\)/, de: /\(dem Anschein nach eine PDF-Datei\)/ },
      { bytes: '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "b">]><x/>', ruleId: 'SYNTAX-DOCTYPE', fr: /^Le document contient une déclaration DOCTYPE\./, de: /^Das Dokument enthält eine DOCTYPE-Deklaration\./ },
      // libxml2's English is quoted after the lead-in, the position translated
      { bytes: '<a><b></a>', ruleId: 'SYNTAX-XML', fr: /^Le document n’est pas du XML bien formé\u00a0: Opening and ending tag mismatch: .* \(ligne 1, colonne \d+\)\.$/, de: /^Das Dokument ist kein wohlgeformtes XML: Opening and ending tag mismatch: .* \(Zeile 1, Spalte \d+\)\.$/ },
      { bytes: base.replace('<cbc:IssueDate>', '<cbc:Unexpected>x</cbc:Unexpected><cbc:IssueDate>'), ruleId: 'XSD', fr: /^Le document ne respecte pas le schéma XML\u00a0: Element '\{[^}]+\}Unexpected': This element is not expected\./, de: /^Das Dokument entspricht nicht dem XML-Schema: Element '\{[^}]+\}Unexpected'/ },
      { bytes: read('peppol-mls/MessageLevelStatus_Example_AP.xml'), opts: { accept: ['peppol-bis-billing-ubl'] }, ruleId: 'HUB-SCENARIO-NOT-ACCEPTED', fr: /^Le document a été reconnu comme\u00a0: réponse d’état Peppol Message Level Status/, de: /^Das Dokument wurde erkannt als: Statusmeldung Peppol Message Level Status/ },
      { bytes: base, opts: { scenario: 'peppol-mls' }, ruleId: 'HUB-SCENARIO-ROOT', fr: /^Le scénario peppol-mls accepte ApplicationResponse, mais l’élément racine du document est \{urn:oasis:names:specification:ubl:schema:xsd:Invoice-2\}Invoice\.$/, de: /^Das Szenario peppol-mls nimmt ApplicationResponse an/ },
      { bytes: base.replace(/<cbc:CustomizationID>[^<]*</, '<cbc:CustomizationID>urn:example:unknown<'), ruleId: 'HUB-SPECIFICATION-ID', fr: /ou une CIUS\/extension de l’EN 16931/, de: /oder eine CIUS\/Erweiterung der EN 16931/ },
      { bytes: base.replace(/<cbc:CustomizationID>[^<]*</, '<cbc:CustomizationID>urn:cen.eu:en16931:2017#conformant#urn:xeinkauf.de:kosit:extension:xrechnung_3.0<'), ruleId: 'HUB-SCENARIO-CIUS', fr: /\(extension XRechnung\) n’a pas de jeu de règles propre/, de: /\(XRechnung-Erweiterung\)/ },
      { bytes: base, opts: { date: '2020-01-01' }, ruleId: 'HUB-RULES-DATE', fr: /^aucune version de cen-en16931-ubl n’était encore en vigueur le 2020-01-01/, de: /^am 2020-01-01 war noch keine Version von cen-en16931-ubl in Kraft/ },
      { bytes: base, opts: { date: '2026-13-40x' }, ruleId: 'HUB-DATE', fr: 'La date de réception "2026-13-40x" n’est pas une date de la forme YYYY-MM-DD.', de: 'Das Empfangsdatum "2026-13-40x" ist kein Datum der Form YYYY-MM-DD.' },
    ];
    for (const c of cases) {
      const r = await validate(Buffer.from(c.bytes), c.opts);
      const f = r.findings.find((x) => x.ruleId === c.ruleId);
      expect([c.ruleId, f !== undefined]).toEqual([c.ruleId, true]);
      expect(f!.messages?.fr).toEqual(typeof c.fr === 'string' ? c.fr : expect.stringMatching(c.fr));
      expect(f!.messages?.de).toEqual(typeof c.de === 'string' ? c.de : expect.stringMatching(c.de));
      // what was written is what a stored copy reads back
      expect([c.ruleId, messagesFor({ ...f!, messages: undefined })]).toEqual([c.ruleId, f!.messages]);
    }
  });

  test('findings written outside validation/ (the pipeline, the CPU pool) are read back too', () => {
    expect(messagesFor({ source: 'hub', ruleId: 'HUB-DUPLICATE', message: 'Duplicate of document d-1: same seller (0088:123), invoice number INV-1, issue date 2026-01-02 and type 380. It is not routed nor delivered.' })?.de)
      .toBe('Duplikat des Dokuments d-1: gleicher Verkäufer (0088:123), gleiche Rechnungsnummer INV-1, gleiches Rechnungsdatum 2026-01-02 und gleicher Typ 380. Es wird weder weitergeleitet noch zugestellt.');
    expect(messagesFor({ source: 'route', ruleId: 'HUB-ROUTE-REQUIRED-BT-10', message: 'body min-x requires a buyer reference (BT-10) on its invoices; the document has none' })?.fr)
      .toBe('l’organisme min-x exige une référence de l’acheteur (BT-10) sur ses factures\u00a0; le document n’en a pas');
    expect(messagesFor({ source: 'engine', ruleId: 'HUB-ENGINE-TIMEOUT', message: 'Validation did not finish within 30000 ms; the document is not considered valid.' })?.fr)
      .toBe('La validation ne s’est pas terminée dans le délai de 30000 ms\u00a0; le document n’est pas considéré comme valide.');
  });
});

describe('what a person reads', () => {
  const f = { ruleId: 'BR-05', message: '[BR-05]-An Invoice shall have an Invoice currency code (BT-5).', messages: { fr: 'Une facture doit avoir un code de devise de la facture (BT-5).', de: 'Eine Rechnung muss einen Code für die Rechnungswährung (BT-5) enthalten.' } };

  test('en: the official message; fr/de: the translation; the official English, marked, only where a text is missing', () => {
    expect(findingText(f, 'en')).toEqual({ text: f.message, lang: 'en', official: true, fallback: false });
    expect(findingText(f, 'fr')).toEqual({ text: f.messages.fr, lang: 'fr', official: false, fallback: false });
    expect(findingText(f, 'de')).toEqual({ text: f.messages.de, lang: 'de', official: false, fallback: false });
    const missing = { message: f.message, messages: { fr: f.messages.fr } };
    expect(findingText(missing, 'de')).toEqual({ text: f.message, lang: 'en', official: true, fallback: true });
    expect(findingPlainText(missing, 'de')).toBe(`${f.message} (offizieller Text auf Englisch)`);
    expect(findingPlainText({ message: 'x' }, 'fr')).toBe('x (texte officiel en anglais)');
    expect(findingPlainText(f, 'en')).toBe(f.message);
  });

  test('MLS responses to providers stay in English', () => {
    const lines = linesFromFindings([{ source: 'schematron', flag: 'fatal', location: '/Invoice[1]', pack: 'cen-en16931-ubl@1.3.16', ...f }]);
    expect(lines).toEqual([{ location: '/Invoice[1]', reason: 'BV', description: f.message }]);
  });
});
