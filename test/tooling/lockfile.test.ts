/** `npm ci` must accept the lock on a clean machine of this kind: the platform entries the registry lacks are present. */
import fs from 'node:fs';
import path from 'node:path';
import { completeLock } from '../../scripts/complete-lockfile';

test('completeLock adds a skipped platform entry with its parent version and the os/cpu/libc of its name', () => {
  const lock = {
    packages: {
      '': { version: '1.0.0' },
      'node_modules/@swc/core': { version: '1.2.3', dev: true, optionalDependencies: { '@swc/core-linux-x64-gnu': '1.2.3', '@swc/core-darwin-arm64': '1.2.3', '@swc/core-linux-arm-musleabihf': '1.2.3', 'not-a-platform': '1.0.0' } },
      'node_modules/@swc/core-linux-x64-gnu': { version: '1.2.3', dev: true, optional: true },
    },
  };
  expect(completeLock(lock).sort()).toEqual(['@swc/core-darwin-arm64@1.2.3', '@swc/core-linux-arm-musleabihf@1.2.3']);
  expect(lock.packages['node_modules/@swc/core-darwin-arm64' as keyof typeof lock.packages]).toEqual({ version: '1.2.3', dev: true, optional: true, os: ['darwin'], cpu: ['arm64'] });
  expect(lock.packages['node_modules/@swc/core-linux-arm-musleabihf' as keyof typeof lock.packages]).toMatchObject({ os: ['linux'], cpu: ['arm'], libc: ['musl'] });
  expect(Object.keys(lock.packages)[0]).toBe('');
});

test('the committed package-lock.json is complete (run `npm run lock:complete` after `npm install`)', () => {
  const lock = JSON.parse(fs.readFileSync(path.resolve(__dirname, '../../package-lock.json'), 'utf8')) as Parameters<typeof completeLock>[0];
  expect(completeLock(lock)).toEqual([]);
});
