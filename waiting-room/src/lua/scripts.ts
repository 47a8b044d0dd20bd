import { loadLuaScripts, type RunScript } from '@livedrop/common';

let scripts: RunScript | undefined;

/** The waiting room's Lua scripts (one file per atomic operation in this folder), read once on first use. */
export function queueScripts(): RunScript {
  scripts ??= loadLuaScripts(__dirname);
  return scripts;
}
