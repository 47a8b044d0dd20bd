// Module customization hooks (registered with module.register() in k6.mjs).
// They run on Node's loader thread and only redirect k6's built-in module names
// to our shims; everything else resolves normally.
const SHIMS = {
  'k6': 'k6.mjs',
  'k6/http': 'http.mjs',
  'k6/metrics': 'metrics.mjs',
  'k6/timers': 'timers.mjs',
  'k6/execution': 'execution.mjs',
  'k6/experimental/websockets': 'websockets.mjs',
  'k6/websockets': 'websockets.mjs',
};

export async function resolve(specifier, context, nextResolve) {
  const shim = SHIMS[specifier];
  if (shim) return { url: new URL(`./shims/${shim}`, import.meta.url).href, shortCircuit: true };
  if (specifier.startsWith('k6/')) {
    throw new Error(`"${specifier}" is not supported by the LiveDrop k6 runner (see loadtest/runner/README.md)`);
  }
  if (/^https?:\/\//.test(specifier)) {
    throw new Error(`remote module "${specifier}" is not supported by the LiveDrop k6 runner; vendor it under loadtest/lib/`);
  }
  return nextResolve(specifier, context);
}

// k6 scripts are always ES modules, but loadtest/ has no package.json with
// "type":"module" (the jest tests next to them are CommonJS), so force .js files
// outside node_modules to load as ESM.
export async function load(url, context, nextLoad) {
  if (url.startsWith('file:') && url.endsWith('.js') && !url.includes('/node_modules/')) {
    return nextLoad(url, { ...context, format: 'module' });
  }
  return nextLoad(url, context);
}
