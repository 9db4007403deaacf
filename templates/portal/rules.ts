/**
 * French and German texts of the validation rules suppliers meet most often. The official rule
 * texts exist in English only; a finding whose rule is not listed here is shown in English, marked
 * as the official text. Keyed by rule id; `{…}` never appears: the texts are complete sentences.
 */
export const RULE_TEXTS: Record<string, { fr: string; de: string }> = {
  'BR-01': { fr: 'Une facture doit avoir un identifiant de spécification (BT-24).', de: 'Eine Rechnung muss eine Spezifikationskennung (BT-24) enthalten.' },
  'BR-02': { fr: 'Une facture doit avoir un numéro de facture (BT-1).', de: 'Eine Rechnung muss eine Rechnungsnummer (BT-1) enthalten.' },
  'BR-03': { fr: 'Une facture doit avoir une date d’émission (BT-2).', de: 'Eine Rechnung muss ein Rechnungsdatum (BT-2) enthalten.' },
  'BR-04': { fr: 'Une facture doit avoir un code de type de facture (BT-3).', de: 'Eine Rechnung muss einen Rechnungsartcode (BT-3) enthalten.' },
  'BR-05': { fr: 'Une facture doit avoir un code de devise (BT-5).', de: 'Eine Rechnung muss einen Währungscode (BT-5) enthalten.' },
  'BR-06': { fr: 'Une facture doit contenir la raison sociale du vendeur (BT-27).', de: 'Eine Rechnung muss den Namen des Verkäufers (BT-27) enthalten.' },
  'BR-07': { fr: 'Une facture doit contenir le nom de l’acheteur (BT-44).', de: 'Eine Rechnung muss den Namen des Käufers (BT-44) enthalten.' },
  'BR-08': { fr: 'Une facture doit contenir l’adresse postale du vendeur (BG-5).', de: 'Eine Rechnung muss die Anschrift des Verkäufers (BG-5) enthalten.' },
  'BR-09': { fr: 'L’adresse postale du vendeur doit contenir un code pays (BT-40).', de: 'Die Anschrift des Verkäufers muss einen Ländercode (BT-40) enthalten.' },
  'BR-10': { fr: 'Une facture doit contenir l’adresse postale de l’acheteur (BG-8).', de: 'Eine Rechnung muss die Anschrift des Käufers (BG-8) enthalten.' },
  'BR-11': { fr: 'L’adresse postale de l’acheteur doit contenir un code pays (BT-55).', de: 'Die Anschrift des Käufers muss einen Ländercode (BT-55) enthalten.' },
  'BR-16': { fr: 'Une facture doit avoir au moins une ligne (BG-25).', de: 'Eine Rechnung muss mindestens eine Position (BG-25) enthalten.' },
  'BR-21': { fr: 'Chaque ligne (BG-25) doit avoir un identifiant de ligne (BT-126).', de: 'Jede Position (BG-25) muss eine Positionsnummer (BT-126) haben.' },
  'BR-22': { fr: 'Chaque ligne (BG-25) doit avoir une quantité facturée (BT-129).', de: 'Jede Position (BG-25) muss eine Menge (BT-129) haben.' },
  'BR-23': { fr: 'Chaque ligne (BG-25) doit avoir une unité de mesure (BT-130).', de: 'Jede Position (BG-25) muss eine Maßeinheit (BT-130) haben.' },
  'BR-24': { fr: 'Chaque ligne (BG-25) doit avoir un montant net (BT-131).', de: 'Jede Position (BG-25) muss einen Nettobetrag (BT-131) haben.' },
  'BR-25': { fr: 'Chaque ligne (BG-25) doit contenir le nom de l’article (BT-153).', de: 'Jede Position (BG-25) muss den Artikelnamen (BT-153) enthalten.' },
  'BR-26': { fr: 'Chaque ligne (BG-25) doit contenir le prix net de l’article (BT-146).', de: 'Jede Position (BG-25) muss den Nettopreis (BT-146) enthalten.' },
  'BR-27': { fr: 'Le prix net de l’article (BT-146) ne doit pas être négatif.', de: 'Der Nettopreis (BT-146) darf nicht negativ sein.' },
  'BR-CL-14': { fr: 'Les codes pays doivent suivre la liste ISO 3166-1 (par exemple LU, FR, DE, BE).', de: 'Ländercodes müssen der Liste ISO 3166-1 entsprechen (zum Beispiel LU, FR, DE, BE).' },
  'BR-CO-25': { fr: 'Si le montant à payer (BT-115) est positif, la date d’échéance (BT-9) ou les conditions de paiement (BT-20) doivent être indiquées.', de: 'Ist der Zahlbetrag (BT-115) positiv, muss das Fälligkeitsdatum (BT-9) oder die Zahlungsbedingungen (BT-20) angegeben werden.' },
  'BR-S-08': { fr: 'Pour chaque taux de la catégorie S, la base imposable (BT-116) doit égaler la somme des montants nets correspondants.', de: 'Für jeden Satz der Kategorie S muss der Steuerbemessungsbetrag (BT-116) der Summe der entsprechenden Nettobeträge entsprechen.' },
  'BR-E-10': { fr: 'Une ventilation de TVA de catégorie « Exonéré » (E) doit indiquer un motif d’exonération (BT-120 ou BT-121).', de: 'Eine Aufschlüsselung der Kategorie „Steuerbefreit“ (E) muss einen Befreiungsgrund (BT-120 oder BT-121) enthalten.' },
  'BR-AE-10': { fr: 'Une ventilation de TVA « Autoliquidation » (AE) doit indiquer un motif d’exonération (BT-120 ou BT-121).', de: 'Eine Aufschlüsselung „Umkehrung der Steuerschuld“ (AE) muss einen Befreiungsgrund (BT-120 oder BT-121) enthalten.' },
  'BR-O-10': { fr: 'Une ventilation de TVA « Hors champ » (O) doit indiquer un motif d’exonération (BT-120 ou BT-121).', de: 'Eine Aufschlüsselung „Nicht steuerbar“ (O) muss einen Befreiungsgrund (BT-120 oder BT-121) enthalten.' },
  'PEPPOL-EN16931-R003': { fr: 'Une référence de l’acheteur (BT-10) ou une référence de bon de commande (BT-13) doit être fournie.', de: 'Eine Käuferreferenz (BT-10) oder eine Bestellnummer (BT-13) muss angegeben werden.' },
  'PEPPOL-EN16931-R010': { fr: 'L’adresse électronique de l’acheteur (BT-49) doit être fournie.', de: 'Die elektronische Adresse des Käufers (BT-49) muss angegeben werden.' },
  'PEPPOL-EN16931-R020': { fr: 'L’adresse électronique du vendeur (BT-34) doit être fournie.', de: 'Die elektronische Adresse des Verkäufers (BT-34) muss angegeben werden.' },
  'PEPPOL-EN16931-R001': { fr: 'Le type de processus métier (BT-23) doit être fourni.', de: 'Der Geschäftsprozesstyp (BT-23) muss angegeben werden.' },
};
