import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Redis } from './create-redis';

type Reply = string | number | null | Reply[];

interface LoadedScript {
  source: string;
  sha: string;
  numKeys: number;
}

const FILE_NAME = /^([a-z][a-z0-9-]*)-(\d+)\.lua$/;

/**
 * Loads every `<name>-<numKeys>.lua` in a folder (one file per atomic operation) and runs them with
 * EVALSHA, falling back to EVAL once on NOSCRIPT (after a Redis restart or SCRIPT FLUSH).
 */
export function loadLuaScripts(dir: string) {
  const scripts = new Map<string, LoadedScript>();
  for (const file of readdirSync(dir)) {
    const match = FILE_NAME.exec(file);
    if (!match) continue;
    const source = readFileSync(join(dir, file), 'utf8');
    scripts.set(match[1]!, { source, sha: createHash('sha1').update(source).digest('hex'), numKeys: Number(match[2]) });
  }

  return async function runScript(redis: Redis, name: string, keys: string[], args: (string | number)[]): Promise<Reply> {
    const script = scripts.get(name);
    if (!script) throw new Error(`no Lua script named ${name} in ${dir}`);
    if (keys.length !== script.numKeys) throw new Error(`${name} takes ${script.numKeys} keys, got ${keys.length}`);
    const tail = [String(keys.length), ...keys, ...args.map(String)];
    try {
      return (await redis.sendCommand(['EVALSHA', script.sha, ...tail])) as Reply;
    } catch (err) {
      if (!(err instanceof Error) || !err.message.startsWith('NOSCRIPT')) throw err;
      return (await redis.sendCommand(['EVAL', script.source, ...tail])) as Reply;
    }
  };
}

export type RunScript = ReturnType<typeof loadLuaScripts>;
