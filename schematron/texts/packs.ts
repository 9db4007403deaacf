/**
 * Which rule packs have rule texts, and the family (text file) each belongs to.
 *
 * Every pack of the manifest, plus the packs translated before they join the manifest (`pendingPacks`):
 * the Peppol Invoice Response (T111) and the Peppol reporting packs (TSR, EUSR). A pending pack that
 * has since been added to the manifest is taken from the manifest (same id and version).
 *
 * The family is the first folder of the pack's Schematron file in the rules directory, which is how the
 * official artefacts are laid out: `en16931/…` (CEN UBL and CII), `peppol-billing/…` (UBL and CII), …
 */
import { packKey, rulePacks } from '../manifest';

export const families = ['en16931', 'peppol-billing', 'peppol-self-billing', 'peppol-mls', 'peppol-invoice-response', 'peppol-reporting'] as const;
export type Family = (typeof families)[number];

export interface TextPack {
  id: string;
  version: string;
  /** Schematron files, relative to the rules directory. */
  files: readonly string[];
  family: Family;
  /** false for a pending pack (not yet in the manifest). */
  inManifest: boolean;
}

/** Packs whose texts are translated ahead of their addition to the manifest (ids as they will be declared). */
export const pendingPacks: readonly Pick<TextPack, 'id' | 'version' | 'files'>[] = [
  { id: 'peppol-invoice-response', version: '2026.5', files: ['peppol-invoice-response/2026.5/PEPPOLBIS-T111.sch'] },
  { id: 'peppol-tsr', version: '1.0.5', files: ['peppol-reporting/tsr/1.0.5/peppol-transaction-statistics-reporting-1.0.5.sch'] },
  { id: 'peppol-eusr', version: '1.1.5', files: ['peppol-reporting/eusr/1.1.5/peppol-end-user-statistics-reporting-1.1.5.sch'] },
];

export function isFamily(s: string): s is Family {
  return (families as readonly string[]).includes(s);
}

/** The family of a pack, from the folder of its first Schematron file. */
export function familyOfFiles(packId: string, files: readonly string[]): Family {
  const folder = (files[0] ?? '').split('/')[0];
  if (!isFamily(folder)) throw new Error(`rule pack ${packId}: its file ${files[0]} is in no rule-text family (${families.join(', ')})`);
  return folder;
}

/** Every pack with rule texts: the manifest's, then the pending ones not yet declared there. */
export function textPacks(): TextPack[] {
  const out: TextPack[] = rulePacks.map((p) => ({ id: p.id, version: p.version, files: p.files, family: familyOfFiles(p.id, p.files), inManifest: true }));
  const declared = new Set(out.map(packKey));
  for (const p of pendingPacks) {
    if (!declared.has(packKey(p))) out.push({ ...p, family: familyOfFiles(p.id, p.files), inManifest: false });
  }
  return out;
}

/** The family of a pack id (any release), or undefined for an id that has no texts. */
export function familyOfPack(packId: string): Family | undefined {
  const p = rulePacks.find((r) => r.id === packId) ?? pendingPacks.find((r) => r.id === packId);
  return p ? familyOfFiles(p.id, p.files) : undefined;
}
