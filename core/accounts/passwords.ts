/**
 * The one password hashing of the hub (console staff and web inbox users): argon2id with the OWASP
 * minimum parameters (19 MiB, 2 iterations, 1 lane), hash-wasm, encoded form. Verifying an unknown
 * account costs the same as a known one (a dummy hash), so timing does not tell which logins exist.
 */
import crypto from 'node:crypto';
import { argon2id, argon2Verify } from 'hash-wasm';

export async function hashPassword(password: string): Promise<string> {
  return argon2id({ password, salt: crypto.randomBytes(16), parallelism: 1, iterations: 2, memorySize: 19_456, hashLength: 32, outputType: 'encoded' });
}

let dummyHash: Promise<string> | null = null;

/** True when `password` matches `hash`; with `hash` undefined (unknown account) does the same work and answers false. */
export async function verifyPassword(password: string, hash: string | undefined): Promise<boolean> {
  dummyHash ??= hashPassword(crypto.randomBytes(16).toString('hex'));
  const ok = await argon2Verify({ password, hash: hash ?? (await dummyHash) }).catch(() => false);
  return ok && hash !== undefined;
}

/** SHA-256 (hex) of a secret that is stored only hashed (tokens, session cookies). */
export function sha256Hex(s: string): string {
  return crypto.createHash('sha256').update(s, 'utf8').digest('hex');
}
