// k6's init-context `open(path, mode)`: reads a file (tokens, fixtures) into memory.
// Relative paths resolve against the main script's directory, as in k6.
import { readFileSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { currentIteration } from './context';

export function installOpen(scriptPath: string): void {
  const base = dirname(resolve(scriptPath));
  const open = (filePath: unknown, mode?: string): string | ArrayBuffer => {
    // k6 only allows open() while the script is being initialised.
    if (currentIteration()) throw new Error('open() can only be called in the init context');
    const full = isAbsolute(String(filePath)) ? String(filePath) : resolve(base, String(filePath));
    const buf = readFileSync(full);
    return mode === 'b' ? buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength) as ArrayBuffer : buf.toString('utf8');
  };
  Object.defineProperty(globalThis, 'open', { value: open, writable: true, configurable: true });
}
