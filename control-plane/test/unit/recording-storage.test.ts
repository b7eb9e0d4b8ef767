import { mkdtemp, mkdir, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DirectoryStorage, isSafeMediaPath, isSafeStorageKey } from '../../src/recordings/storage.js';

describe('recording storage paths', () => {
  it.each([
    ['hls/master.m3u8', true],
    ['hls/source/p000-s00001.ts', true],
    ['poster.jpg', true],
    ['hls/source/init.mp4', true],
    ['manifest.json', false],
    ['archive/p000/s00001.exe', false],
    ['../other/hls/master.m3u8', false],
    ['hls/../../etc/passwd.ts', false],
    ['hls/./master.m3u8', false],
    ['/etc/hls.m3u8', false],
    ['hls//master.m3u8', false],
    ['hls/.hidden.ts', false],
    ['hls\\..\\x.ts', false],
    ['hls/master.m3u8\u0000.jpg', false],
  ])('%s -> %s', (p, safe) => expect(isSafeMediaPath(p)).toBe(safe));

  it.each([
    ['0b7c6f1e-3a57-4d0e-9a8e-1d2c3b4a5f60', true],
    ['2026/11/0b7c6f1e', true],
    ['..', false],
    ['a/../b', false],
    ['/abs', false],
    ['', false],
  ])('storage key %s -> %s', (k, safe) => expect(isSafeStorageKey(k)).toBe(safe));
});

describe('DirectoryStorage', () => {
  let root: string;
  let storage: DirectoryStorage;
  beforeAll(async () => {
    root = await mkdtemp(path.join(tmpdir(), 'lienthong-storage-'));
    storage = new DirectoryStorage(path.join(root, 'recordings'));
    await mkdir(path.join(root, 'recordings', 'rec', 'hls'), { recursive: true });
    await writeFile(path.join(root, 'recordings', 'rec', 'hls', 'a.ts'), 'segment');
    await writeFile(path.join(root, 'secret.ts'), 'outside');
    await symlink(path.join(root, 'secret.ts'), path.join(root, 'recordings', 'rec', 'hls', 'link.ts'));
    await writeFile(path.join(root, 'recordings', 'rec', 'manifest.json'), '{"version":2}');
  });
  afterAll(async () => rm(root, { recursive: true, force: true }));

  it('opens a media file with its type, and nothing else', async () => {
    const file = await storage.openMedia('rec', 'hls/a.ts');
    expect(file).toMatchObject({ sizeBytes: 7, contentType: 'video/mp2t' });
    file!.body.destroy();
    expect(await storage.openMedia('rec', 'hls/missing.ts')).toBeNull();
    expect(await storage.openMedia('rec', 'hls/link.ts')).toBeNull();
    expect(await storage.openMedia('rec', 'hls')).toBeNull();
  });

  it('reads no manifest where there is none, and refuses one that is not a manifest', async () => {
    expect(await storage.readManifest('nothing-yet')).toBeNull();
    await expect(storage.readManifest('rec')).rejects.toThrow();
    await expect(storage.readManifest('../rec')).rejects.toThrow(/storage key/);
  });
});
