import { createReadStream } from 'node:fs';
import { copyFile, mkdir, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { randomUUID } from 'node:crypto';
import { dirname, join, resolve } from 'node:path';
import { isValidObjectKey } from '../content-types';
import { MediaObjectMissing, streamToBuffer, type ByteRange, type MediaStorage } from './media-storage';

const isMissing = (err: unknown) => (err as NodeJS.ErrnoException).code === 'ENOENT';

/** Objects as files under `root` (`<root>/media/<sha>.webp`). Writes go to a temp file and are renamed into place. */
export function createLocalStorage(rootDir: string): MediaStorage {
  const root = resolve(rootDir);
  const pathOf = (key: string) => {
    if (!isValidObjectKey(key)) throw new Error(`invalid media object key ${JSON.stringify(key)}`);
    return join(root, key);
  };

  return {
    driver: 'local',
    async put(key, body) {
      const path = pathOf(key);
      await mkdir(dirname(path), { recursive: true });
      const tmp = `${path}.tmp-${randomUUID()}`;
      try {
        if (Buffer.isBuffer(body)) await writeFile(tmp, body);
        else await copyFile(body.file, tmp);
        await rename(tmp, path); // readers never see half a file
      } finally {
        await rm(tmp, { force: true });
      }
    },
    async stat(key) {
      try {
        return { bytes: (await stat(pathOf(key))).size };
      } catch (err) {
        if (isMissing(err)) return undefined;
        throw err;
      }
    },
    async read(key, range?: ByteRange) {
      const path = pathOf(key);
      const stream = createReadStream(path, range ? { start: range.start, end: range.end } : {});
      await new Promise<void>((ok, fail) => {
        stream.once('open', () => ok());
        stream.once('error', (err) => fail(isMissing(err) ? new MediaObjectMissing(key) : err));
      });
      return stream;
    },
    async readBuffer(key, maxBytes) {
      return streamToBuffer(await this.read(key, maxBytes ? { start: 0, end: maxBytes - 1 } : undefined), maxBytes);
    },
    async delete(keys) {
      await Promise.all(keys.map((k) => rm(pathOf(k), { force: true })));
    },
    async list(prefix) {
      const dir = prefix.replace(/\/+$/, '');
      if (!/^(media|uploads)$/.test(dir)) throw new Error(`list: unknown prefix ${prefix}`);
      try {
        const names = await readdir(join(root, dir));
        return names.filter((n) => !n.includes('.tmp-')).map((n) => `${dir}/${n}`);
      } catch (err) {
        if (isMissing(err)) return [];
        throw err;
      }
    },
    close() {},
  };
}
