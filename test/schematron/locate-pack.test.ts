/**
 * schematron/build.ts `locatePack`: the source hash of a pack is remembered while its file is unchanged
 * (every validation locates its packs), recomputed when the file changes, and a missing file is an error.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import crypto from 'node:crypto';
import { locatePack } from '../../schematron/build';
import type { RulePack } from '../../schematron/manifest';

test('the source hash follows the file: same while unchanged, new when changed, an error when missing', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'locate-pack-'));
  try {
    const file = path.join(dir, 'rules.sch');
    const write = (text: string, mtime: Date): void => {
      fs.writeFileSync(file, text);
      fs.utimesSync(file, mtime, mtime);
    };
    const pack = { id: 'test-pack', version: '1', files: ['rules.sch'] } as unknown as RulePack;
    const dirs = { rulesDir: dir, cacheDir: path.join(dir, 'cache') };
    const expected = (text: string): string => crypto.createHash('sha256').update(text).update('\0').digest('hex');
    write('<schema/>', new Date('2026-01-01T00:00:00Z'));
    const first = locatePack(pack, dirs);
    expect(first.sourceHash).toBe(expected('<schema/>'));
    expect(locatePack(pack, dirs).sourceHash).toBe(first.sourceHash);
    write('<schema x="1"/>', new Date('2026-01-02T00:00:00Z'));
    const second = locatePack(pack, dirs);
    expect(second.sourceHash).toBe(expected('<schema x="1"/>'));
    expect(second.cacheKey).not.toBe(first.cacheKey);
    fs.rmSync(file);
    expect(() => locatePack(pack, dirs)).toThrow(/source file .* cannot be read/);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
