import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { closeDatabase, openDatabase, type Database } from '../../db/client';
import { luVatCheckDigits } from '../../db/directory/schemes';
import type { BodyInput } from '../../db/directory/types';

/** A fresh database in its own temporary directory. */
export function tempDb(): { db: Database; dir: string; close: () => void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'einvoice-dir-'));
  const db = openDatabase(dir);
  return { db, dir, close: () => { closeDatabase(db); fs.rmSync(dir, { recursive: true, force: true }); } };
}

/** A well-formed 9938 value from a six-digit number. */
export function luVat(n: number): string {
  const six = String(n).padStart(6, '0');
  return `LU${six}${luVatCheckDigits(six)}`;
}

export function body(id: string, over: Partial<BodyInput> = {}): BodyInput {
  return {
    id, type: 'ministry', parentId: null, status: 'active', names: { fr: `Nom ${id}`, de: `Name ${id}` },
    validFrom: '2020-01-01', validTo: null, language: 'fr', identifiers: [], successors: [], requiredReferences: [], routingRules: [], contacts: [],
    ...over,
  };
}
