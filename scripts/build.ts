// `npm run build`: the production build, run once (in the Dockerfile's build stage, or by hand):
//   1. tsc -b tsconfig.build.json: every workspace's src/ -> dist/ (JS, declarations, source maps);
//   2. the Lua scripts next to the code that loads them from its own directory;
//   3. the workflow code prebundled for the Temporal worker (workflows/dist/workflow-bundle.js), so a
//      compiled worker starts without webpacking it (see workflowCode() in workflows/src/index.ts).
// Development and tests keep running the TypeScript sources through tsx / ts-jest.
import { execFileSync } from 'node:child_process';
import { cpSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { bundleWorkflowCode } from '@temporalio/worker';
import { WORKFLOW_BUNDLE_FILE } from '@livedrop/workflows';

const root = join(__dirname, '..');
const WORKSPACES = ['common', 'gateway', 'read-api', 'waiting-room', 'workflows', 'workers'];

function copyLua(dir: string, outDir: string): number {
  let copied = 0;
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) copied += copyLua(path, join(outDir, name));
    else if (name.endsWith('.lua')) {
      cpSync(path, join(outDir, name));
      copied++;
    }
  }
  return copied;
}

async function main() {
  execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-b', join(root, 'tsconfig.build.json')], {
    stdio: 'inherit',
  });
  for (const ws of WORKSPACES) {
    const copied = copyLua(join(root, ws, 'src'), join(root, ws, 'dist'));
    if (copied) console.log(`${ws}: ${copied} Lua scripts copied to ${ws}/dist`);
  }
  const workflowsPath = join(root, 'workflows', 'dist', 'workflows.js');
  const { code } = await bundleWorkflowCode({ workflowsPath });
  const bundleFile = join(root, 'workflows', 'dist', WORKFLOW_BUNDLE_FILE);
  writeFileSync(bundleFile, code);
  console.log(`workflow bundle: ${relative(root, bundleFile)} (${Math.round(code.length / 1024)} kB)`);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
