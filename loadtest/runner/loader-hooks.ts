// Module customization hooks (registered with module.register() in cli.ts).
// They run on Node's loader thread and only redirect k6's built-in module names
// to our shims; everything else resolves normally.
import type { LoadHook, ResolveHook } from 'node:module';

const SHIMS: Record<string, string> = {
  'k6': 'k6.ts',
  'k6/http': 'http.ts',
  'k6/metrics': 'metrics.ts',
  'k6/timers': 'timers.ts',
  'k6/execution': 'execution.ts',
  'k6/experimental/websockets': 'websockets.ts',
  'k6/websockets': 'websockets.ts',
};

export const resolve: ResolveHook = async (specifier, context, nextResolve) => {
  const shim = SHIMS[specifier];
  // Handed on (not short-circuited) so tsx's resolver, next in the chain, marks the .ts shim for compiling.
  if (shim) return nextResolve(new URL(`./shims/${shim}`, import.meta.url).href, context);
  if (specifier.startsWith('k6/')) {
    throw new Error(`"${specifier}" is not supported by the LiveDrop k6 runner (see loadtest/runner/README.md)`);
  }
  if (/^https?:\/\//.test(specifier)) {
    throw new Error(`remote module "${specifier}" is not supported by the LiveDrop k6 runner; vendor it under loadtest/lib/`);
  }
  return nextResolve(specifier, context);
};

// k6 scripts are always ES modules, but loadtest/ has no package.json with
// "type":"module" (the jest tests next to them are CommonJS), so force .js files
// outside node_modules to load as ESM.
export const load: LoadHook = async (url, context, nextLoad) => {
  if (url.startsWith('file:') && url.endsWith('.js') && !url.includes('/node_modules/')) {
    return nextLoad(url, { ...context, format: 'module' });
  }
  return nextLoad(url, context);
};
