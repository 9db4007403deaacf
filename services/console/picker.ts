/**
 * The action form's state between requests: the action, reason and body the operator gave, and the
 * body picker's search over the directory (the directory's own search, `findBodies`: name or
 * identifier, active bodies only; nothing is chosen for the operator).
 */
import type { ActionResult } from '../../core/documents/actions';
import { findBodies } from '../../core/directory/search';
import type { Store } from '../../core/store';
import { PICKER_LIMIT, type ActionFormView, type ActionKind, type PickerView } from '../../templates/console/action-form';
import type { Notes } from '../../templates/console/components';
import { ct } from '../../templates/console/messages';
import type { Lang } from '../../web';

export async function pickerView(store: Pick<Store, 'db'>, lang: Lang, query: string, chosen: string | null): Promise<PickerView> {
  const q = query.trim().slice(0, 200);
  if (q === '') return { query: '', results: [], more: false, chosen };
  const found = await findBodies(store, { q, status: 'active', limit: PICKER_LIMIT + 1 });
  return {
    query: q, chosen, more: found.items.length > PICKER_LIMIT,
    results: found.items.slice(0, PICKER_LIMIT).map((b) => ({
      id: b.id, name: (lang === 'en' ? b.names.en : b.names[lang]) ?? b.names.fr, status: b.status,
      identifiers: b.identifiers.map((i) => `${i.scheme}:${i.value}`),
    })),
  };
}

/** The action form as the operator left it (`fields` of the post), or fresh. */
export async function actionFormView(store: Pick<Store, 'db'>, lang: Lang, kind: ActionKind, idPrefix: string, fields?: ReadonlyMap<string, string>, keep = true): Promise<ActionFormView> {
  const searched = fields?.get('find') !== undefined;
  const state = keep || searched ? fields : undefined;
  return {
    kind, idPrefix,
    action: searched ? 'route' : state?.get('action') ?? null,
    reason: state?.get('reason') ?? '',
    picker: await pickerView(store, lang, state?.get('bodyQ') ?? '', state?.get('bodyId') ?? null),
  };
}

/** What the page says after actions: how many were done, and each refusal. */
export function resultNotes(results: readonly ActionResult[], lang: Lang): Notes {
  const ok = results.filter((x) => x.ok).length;
  return {
    ok: ok > 0 ? [ct('actionDone', lang, { n: ok })] : [],
    errors: results.flatMap((x) => (x.ok ? [] : [ct('actionFailed', lang, { id: x.id, error: x.error })])),
  };
}
