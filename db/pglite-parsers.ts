/**
 * The value parsers the embedded PGlite is created with: the types drizzle reads as PostgreSQL's text
 * (dates, times, intervals and their arrays, numeric[]) stay text, as drizzle's PGlite driver asks
 * with every query. Set once on the instance, a query needs no parsers of its own (PGlite merges a
 * query's parsers into a copy of its whole table each time: a third of a simple query's cost).
 */
import { types, type PGliteOptions } from '@electric-sql/pglite';

export const TEXT_TYPES: readonly number[] = [types.TIMESTAMP, types.TIMESTAMPTZ, types.INTERVAL, types.DATE, 1231, 1115, 1185, 1187, 1182];

const asText = (value: string): string => value;

export const TEXT_PARSERS: NonNullable<PGliteOptions['parsers']> = Object.fromEntries(TEXT_TYPES.map((t) => [t, asText]));

/** True when a query's parsers are only those of TEXT_PARSERS (nothing is lost by leaving them out). */
export function onlyTextParsers(parsers: Record<string, unknown>): boolean {
  return Object.keys(parsers).every((k) => TEXT_TYPES.includes(Number(k)));
}
