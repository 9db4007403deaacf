/**
 * The rule-pack manifest: every official Schematron pack the hub knows, declared as data.
 *
 * A pack is identified phive-style by `id` + `version`; `validFrom` is the date from which it is in force
 * (Peppol: the release's mandatory date), `validTo` the last day it stays in force (null: until replaced
 * by a newer release of the same id). `publishedOn` is when the release became available: with
 * early adoption enabled (`EINVOICE_RULES_EARLY_ADOPTION=true`), a published release is used before its
 * mandatory date. Source files are relative to `EINVOICE_RULES_DIR`.
 *
 * Dates for the Peppol releases: 3.0.19 (2025.5) is given by OpenPeppol (published 2025-05-21, mandatory
 * 2025-08-25); the later releases follow OpenPeppol's usual cadence (November release mandatory in
 * mid-February, May release mandatory in late August). The Authority corrects a date here when
 * OpenPeppol announces a different one: it is one line of data.
 *
 * Peppol BIS Invoice Response 3.1 (T111) 2026.5 belongs to the same May 2026 Peppol BIS release as
 * Billing 3.0.21 (`../shared/README.md`: "release May 2026"; OpenPeppol publishes and makes mandatory the
 * BIS of one release together), so it has that release's dates.
 *
 * Peppol Reporting (TSR 1.0, EUSR 1.1): the dates are those of the version history inside each `.sch`
 * (TSR v1.0.5 and EUSR v1.1.5, both "2024-02-29 … Improved execution speed of Schematron"). These
 * versions only made the rules faster (no rule changed), and OpenPeppol's reporting artefacts have no
 * separate mandatory date for such a change: in force from publication.
 */

export type Syntax = 'ubl' | 'cii';

export interface RulePack {
  /** Stable id of the rule set, e.g. `peppol-bis-billing-3-ubl`. */
  id: string;
  /** Release, e.g. `2026.5`. */
  version: string;
  /** Official release name, for reports. */
  release: string;
  title: string;
  /** The kind of document the pack applies to: an invoice syntax, a UBL ApplicationResponse, or a Peppol report. */
  syntax: Syntax | 'ubl-application-response' | 'peppol-tsr' | 'peppol-eusr';
  /** Schematron source files, relative to the rules directory. */
  files: string[];
  publishedOn: string;
  validFrom: string;
  validTo: string | null;
}

export const rulePacks: readonly RulePack[] = [
  {
    id: 'cen-en16931-ubl',
    version: '1.3.16',
    release: 'CEN/TC 434 validation artefacts 1.3.16',
    title: 'EN 16931 model bound to UBL 2.1',
    syntax: 'ubl',
    files: ['en16931/1.3.16/ubl/EN16931-UBL-validation-preprocessed.sch'],
    publishedOn: '2026-04-10',
    validFrom: '2026-04-10',
    validTo: null,
  },
  {
    id: 'cen-en16931-cii',
    version: '1.3.16',
    release: 'CEN/TC 434 validation artefacts 1.3.16',
    title: 'EN 16931 model bound to UN/CEFACT CII D16B',
    syntax: 'cii',
    files: ['en16931/1.3.16/cii/EN16931-CII-validation-preprocessed.sch'],
    publishedOn: '2026-04-10',
    validFrom: '2026-04-10',
    validTo: null,
  },
  {
    id: 'peppol-bis-billing-3-ubl',
    version: '2025.5',
    release: 'Peppol BIS Billing 3.0.19',
    title: 'Peppol BIS Billing 3.0, UBL',
    syntax: 'ubl',
    files: ['peppol-billing/2025.5/PEPPOL-EN16931-UBL.sch'],
    publishedOn: '2025-05-21',
    validFrom: '2025-08-25',
    validTo: '2026-02-15',
  },
  {
    id: 'peppol-bis-billing-3-ubl',
    version: '2025.11',
    release: 'Peppol BIS Billing 3.0.20',
    title: 'Peppol BIS Billing 3.0, UBL',
    syntax: 'ubl',
    files: ['peppol-billing/2025.11/PEPPOL-EN16931-UBL.sch'],
    publishedOn: '2025-11-17',
    validFrom: '2026-02-16',
    validTo: '2026-08-23',
  },
  {
    id: 'peppol-bis-billing-3-ubl',
    version: '2026.5',
    release: 'Peppol BIS Billing 3.0.21',
    title: 'Peppol BIS Billing 3.0, UBL',
    syntax: 'ubl',
    files: ['peppol-billing/2026.5/PEPPOL-EN16931-UBL.sch'],
    publishedOn: '2026-05-18',
    validFrom: '2026-08-24',
    validTo: null,
  },
  {
    // 3.0.19 is the newest CII release in the rules directory: it stays in force until a newer one is added.
    id: 'peppol-bis-billing-3-cii',
    version: '2025.5',
    release: 'Peppol BIS Billing 3.0.19',
    title: 'Peppol BIS Billing 3.0, CII',
    syntax: 'cii',
    files: ['peppol-billing/2025.5/PEPPOL-EN16931-CII.sch'],
    publishedOn: '2025-05-21',
    validFrom: '2025-08-25',
    validTo: null,
  },
  {
    id: 'peppol-self-billing-ubl',
    version: '2026.5',
    release: 'Peppol BIS Self-Billing 3.0 (May 2026)',
    title: 'Peppol BIS Self-Billing 3.0, UBL',
    syntax: 'ubl',
    files: ['peppol-self-billing/2026.5/PEPPOL-EN16931-UBL-SB.sch'],
    publishedOn: '2026-05-18',
    validFrom: '2026-05-18',
    validTo: null,
  },
  {
    id: 'peppol-mls',
    version: '1.0.1',
    release: 'Peppol Message Level Status 1.0.1',
    title: 'Peppol MLS (UBL ApplicationResponse)',
    syntax: 'ubl-application-response',
    files: ['peppol-mls/1.0.1/peppol-mls-1.0.1.sch'],
    publishedOn: '2023-01-01',
    validFrom: '2023-01-01',
    validTo: null,
  },
  {
    id: 'peppol-invoice-response',
    version: '2026.5',
    release: 'Peppol BIS Invoice Response 3.1 (May 2026)',
    title: 'Peppol BIS Invoice Response 3.1, transaction T111 (UBL ApplicationResponse)',
    syntax: 'ubl-application-response',
    files: ['peppol-invoice-response/2026.5/PEPPOLBIS-T111.sch'],
    publishedOn: '2026-05-18',
    validFrom: '2026-08-24',
    validTo: null,
  },
  {
    id: 'peppol-tsr',
    version: '1.0.5',
    release: 'Peppol Transaction Statistics Reporting 1.0.5',
    title: 'Peppol Reporting: Transaction Statistics Report (TSR 1.0)',
    syntax: 'peppol-tsr',
    files: ['peppol-reporting/tsr/1.0.5/peppol-transaction-statistics-reporting-1.0.5.sch'],
    publishedOn: '2024-02-29',
    validFrom: '2024-02-29',
    validTo: null,
  },
  {
    id: 'peppol-eusr',
    version: '1.1.5',
    release: 'Peppol End User Statistics Reporting 1.1.5',
    title: 'Peppol Reporting: End User Statistics Report (EUSR 1.1)',
    syntax: 'peppol-eusr',
    files: ['peppol-reporting/eusr/1.1.5/peppol-end-user-statistics-reporting-1.1.5.sch'],
    publishedOn: '2024-02-29',
    validFrom: '2024-02-29',
    validTo: null,
  },
];

export function packKey(p: Pick<RulePack, 'id' | 'version'>): string {
  return `${p.id}@${p.version}`;
}

export function findPack(id: string, version: string): RulePack | undefined {
  return rulePacks.find((p) => p.id === id && p.version === version);
}

export interface PackChoice {
  pack: RulePack;
  /** Why this release was chosen when none was strictly in force on the date (for an information finding). */
  note: string | null;
}

/**
 * The release of `id` in force on `date` (YYYY-MM-DD): the newest whose `validFrom` has passed and whose
 * `validTo` has not; with early adoption, the newest already published. A date before every release gets
 * the oldest release, with a note saying so.
 */
export function packInForce(id: string, date: string, earlyAdoption = false): PackChoice {
  const releases = rulePacks.filter((p) => p.id === id).sort((a, b) => a.validFrom.localeCompare(b.validFrom));
  if (releases.length === 0) throw new Error(`no rule pack "${id}" is declared`);
  if (earlyAdoption) {
    const published = releases.filter((p) => p.publishedOn <= date);
    if (published.length) return { pack: published[published.length - 1], note: null };
  }
  const inForce = releases.filter((p) => p.validFrom <= date && (p.validTo === null || date <= p.validTo));
  if (inForce.length) return { pack: inForce[inForce.length - 1], note: null };
  const started = releases.filter((p) => p.validFrom <= date);
  if (started.length) {
    const p = started[started.length - 1];
    return { pack: p, note: `no release of ${id} is declared in force on ${date}; used ${packKey(p)}, the newest that had started` };
  }
  return {
    pack: releases[0],
    note: `no release of ${id} was in force yet on ${date}; used the oldest available, ${packKey(releases[0])} (in force from ${releases[0].validFrom})`,
  };
}
