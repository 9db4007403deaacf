/**
 * Column types shared by the schema modules.
 *
 * `instant`: a `timestamptz` that the application reads and writes as an ISO 8601 UTC string
 * (`2026-12-03T09:50:50.123Z`), the form every layer of the hub already uses (JSON, comparisons,
 * events). PostgreSQL stores it as an instant (no time zone ambiguity); both drivers hand drizzle the
 * text form (`2026-12-03 09:50:50.123+00`), which is normalised here.
 */
import { customType } from 'drizzle-orm/pg-core';

/** PostgreSQL's text form of a timestamptz (or a Date, should a driver parse it) → ISO 8601 UTC. */
export function isoFromDriver(value: unknown): string {
  if (value instanceof Date) return value.toISOString();
  const s = String(value);
  // `YYYY-MM-DD HH:MM:SS[.ffffff]±HH[:MM]` → `YYYY-MM-DDTHH:MM:SS[.fff]±HH:MM`
  const m = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}:\d{2})(\.\d+)?([+-]\d{2})(?::?(\d{2}))?$/.exec(s);
  const iso = m === null ? s : `${m[1]}T${m[2]}${(m[3] ?? '').slice(0, 4)}${m[4]}:${m[5] ?? '00'}`;
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) throw new Error(`not a timestamp from the database: ${s}`);
  return d.toISOString();
}

export const instant = customType<{ data: string; driverData: string }>({
  dataType: () => 'timestamp(3) with time zone',
  fromDriver: isoFromDriver,
  toDriver: (value) => value,
});

/** `bytea`: bytes as a Buffer (node-postgres and PGlite both return binary data for it). */
export const bytea = customType<{ data: Buffer; driverData: Buffer | Uint8Array }>({
  dataType: () => 'bytea',
  fromDriver: (value) => (Buffer.isBuffer(value) ? value : Buffer.from(value.buffer, value.byteOffset, value.byteLength)),
  toDriver: (value) => value,
});
