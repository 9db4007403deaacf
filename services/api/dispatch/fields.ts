/** What the dispatch admin routes read from a request: a string field of the JSON body, the body of the route. */
import type { Request } from 'express';
import { bodyExists } from '../../../core/dispatch/bodies';
import type { AppDeps } from '../../deps';
import { ProblemError } from '../../errors';

/** A string field of a JSON body: trimmed, at most `max` characters; 400 when required and missing. */
export function str(body: unknown, key: string, max: number, required = true): string | undefined {
  const v = (body as Record<string, unknown> | undefined)?.[key];
  if (v === undefined || v === null || (typeof v === 'string' && v.trim() === '')) {
    if (required) throw new ProblemError(400, 'missing-field', 'Missing field', `"${key}" is required.`);
    return undefined;
  }
  if (typeof v !== 'string' || v.length > max) throw new ProblemError(400, 'bad-field', 'Bad field', `"${key}" must be a string of at most ${max} characters.`);
  return v.trim();
}

/** The body of the route (`:id`), which must be in the directory (404 otherwise). */
export async function routeBody(deps: AppDeps, req: Request): Promise<string> {
  const id = String(req.params.id);
  if (!(await bodyExists(deps.store, id))) throw new ProblemError(404, 'body-not-found', 'Body not found', `No body ${id.slice(0, 80)} in the directory.`);
  return id;
}
