/**
 * HTML output with escaping by default: `html\`<p>${userText}</p>\`` escapes every interpolated
 * value unless it is itself `Html` (built by `html` or `raw`). Arrays are joined. null/undefined/false
 * render as nothing. Nothing a user typed can reach the page unescaped through this module.
 */

export class Html {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

const ESC: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;', '`': '&#96;' };

/** Escapes text for an HTML text node or a quoted attribute value. */
export function esc(v: unknown): string {
  return String(v).replace(/[&<>"'`]/g, (c) => ESC[c] ?? c);
}

export type HtmlValue = Html | string | number | bigint | null | undefined | false | HtmlValue[];

function render(v: HtmlValue): string {
  if (v === null || v === undefined || v === false) return '';
  if (v instanceof Html) return v.value;
  if (Array.isArray(v)) return v.map(render).join('');
  return esc(v);
}

/** Tagged template: the literal parts are trusted, every `${value}` is escaped (unless Html). */
export function html(strings: TemplateStringsArray, ...values: HtmlValue[]): Html {
  let out = strings[0] ?? '';
  for (let i = 0; i < values.length; i++) out += render(values[i] as HtmlValue) + (strings[i + 1] ?? '');
  return new Html(out);
}

/** Marks a string as already safe HTML (only for markup the code itself produced). */
export function raw(s: string): Html {
  return new Html(s);
}

/** Joins fragments. */
export function join(parts: HtmlValue[], sep: Html | string = ''): Html {
  return new Html(parts.map(render).join(render(sep)));
}

/** An HTML id derived from a form field name (`lines[0].item.name` → `f-lines-0-item-name`). */
export function fieldId(name: string): string {
  return `f-${name.replace(/[^A-Za-z0-9_-]+/g, '-').replace(/-+$/, '')}`;
}
