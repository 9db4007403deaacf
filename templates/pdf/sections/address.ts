/** A postal address (BG-5, BG-8, BG-12, BG-15) as the lines of one key/value row. */
import { byId } from '../../../model/catalogue';
import { cleanText } from '../../format';
import { S, type Ctx, type KvRow } from '../context';
import type { Run } from '../layout';

export function addressRow(ctx: Ctx, address: object | undefined, groupId: string): KvRow[] {
  if (!address) return [];
  const a = address as Record<string, string | undefined>;
  // The address terms of this group (BT-35…40, BT-50…55…) by their catalogue key.
  const byKey = new Map((byId(groupId)?.children ?? []).map((c) => [byId(c)?.key, c as string]));
  const id = (k: string): string => byKey.get(k) ?? '';
  const runs: Run[] = [];
  const add = (ids: string[]): void => {
    const present = ids.filter((i) => a[i] !== undefined && a[i] !== '');
    if (present.length === 0) return;
    if (runs.length > 0) runs.push({ text: '\n', style: S.value });
    present.forEach((i, n) => runs.push({ text: (n > 0 ? ' ' : '') + cleanText(a[i] as string), style: S.value }, ...ctx.tag(i)));
  };
  add([id('line1')]);
  add([id('line2')]);
  add([id('line3')]);
  add([id('postCode'), id('city')]);
  add([id('countrySubdivision')]);
  add([id('country')]);
  return runs.length === 0 ? [] : [[ctx.label(groupId), runs]];
}
