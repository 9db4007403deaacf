/** Reading the query string of a list request (the documents API, the inbox API and its web page). */
import { CoreError } from '../errors';

export const badParameter = (detail: string): CoreError => new CoreError('invalid', 'bad-parameter', 'Bad parameter', detail);

/** A parameter's trimmed text; undefined when absent or empty; a repeated or overlong one is a 400 `bad-parameter`. */
export function stringParam(q: Record<string, unknown>, k: string): string | undefined {
  const v = q[k];
  if (v === undefined || v === '') return undefined;
  if (typeof v !== 'string') throw badParameter(`${k} must be given once`);
  if (v.length > 200) throw badParameter(`${k} is too long`);
  return v.trim();
}
