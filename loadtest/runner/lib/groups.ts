// Group/check tree for the summary's root_group (k6 group paths look like "::a::b").
import { createHash } from 'node:crypto';

interface Check { name: string; path: string; passes: number; fails: number }
interface Group { name: string; path: string; groups: Map<string, Group>; checks: Map<string, Check> }
export interface GroupJSON {
  name: string;
  path: string;
  id: string;
  groups: GroupJSON[];
  checks: (Check & { id: string })[];
}

function newGroup(name: string, path: string): Group {
  return { name, path, groups: new Map(), checks: new Map() };
}

const rootGroup = newGroup('', '');
const byPath = new Map<string, Group>([['', rootGroup]]);

function groupFor(path: string): Group {
  let g = byPath.get(path);
  if (!g) {
    const idx = path.lastIndexOf('::');
    const parent = groupFor(path.slice(0, idx));
    const name = path.slice(idx + 2);
    g = newGroup(name, path);
    parent.groups.set(name, g);
    byPath.set(path, g);
  }
  return g;
}

export function recordCheck(groupPath: string, name: string, passed: boolean): void {
  const g = groupFor(groupPath);
  let c = g.checks.get(name);
  if (!c) {
    c = { name, path: `${groupPath}::${name}`, passes: 0, fails: 0 };
    g.checks.set(name, c);
  }
  if (passed) c.passes++;
  else c.fails++;
}

const md5 = (s: string) => createHash('md5').update(s).digest('hex');

/** JSON shape used by k6's handleSummary data / summary export. */
export function groupToJSON(g: Group = rootGroup): GroupJSON {
  return {
    name: g.name,
    path: g.path,
    id: md5(g.path),
    groups: [...g.groups.values()].map((child) => groupToJSON(child)),
    checks: [...g.checks.values()].map((c) => ({ ...c, id: md5(c.path) })),
  };
}
