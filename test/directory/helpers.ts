import { luVatCheckDigits } from '../../core/directory/schemes';
import type { BodyInput } from '../../core/directory/types';
import { saveBodies } from '../../core/directory/write';
import type { Store } from '../../core/store';

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

/** Writes bodies as an Authority change (actor `test`); fails the test when the directory refuses them. */
export async function save(store: Pick<Store, 'db'>, bodies: BodyInput[], effectiveFrom?: string): Promise<void> {
  const r = await saveBodies(store, bodies, { actor: 'test', source: 'api', ...(effectiveFrom ? { effectiveFrom } : {}) });
  if (!r.ok) throw new Error(JSON.stringify([...r.errors]));
}
