import { Router, type Request } from 'express';

export type ReadinessCheck = () => Promise<unknown>;

export interface HealthState {
  shuttingDown: boolean;
}

/**
 * Whether a request may see ops detail (/metrics, per-dependency readiness). Absent: every caller may (ops
 * servers and internal services). The gateway's public port passes a check for the ops role.
 */
export type OpsAccess = (req: Request) => Promise<boolean>;

const CHECK_TIMEOUT_MS = 2000;

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  return new Promise((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms);
    p.then((v) => { clearTimeout(t); resolve(v); }, (e: unknown) => { clearTimeout(t); reject(e); });
  });
}

/**
 * `/healthz`: the process is alive. `/readyz`: every dependency answers (Redis PING, MySQL SELECT 1,
 * Temporal health) and we are not draining — a load balancer stops sending traffic otherwise.
 */
export async function runChecks(checks: Record<string, ReadinessCheck>) {
  const results: Record<string, string> = {};
  let ok = true;
  await Promise.all(
    Object.entries(checks).map(async ([name, check]) => {
      try {
        await withTimeout(check(), CHECK_TIMEOUT_MS);
        results[name] = 'ok';
      } catch (err) {
        ok = false;
        results[name] = err instanceof Error ? err.message : String(err);
      }
    }),
  );
  return { ok, results };
}

/** Public callers learn ready or not; only ops see which dependency failed and its error text. */
export function healthRouter(checks: Record<string, ReadinessCheck>, state: HealthState, opsAccess?: OpsAccess): Router {
  const router = Router();
  router.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  router.get('/readyz', async (req, res) => {
    const detailed = !opsAccess || (await opsAccess(req));
    if (state.shuttingDown) {
      res.status(503).json({ status: 'shutting_down', ...(detailed ? { checks: {} } : {}) });
      return;
    }
    const { ok, results } = await runChecks(checks);
    res.status(ok ? 200 : 503).json({ status: ok ? 'ready' : 'not_ready', ...(detailed ? { checks: results } : {}) });
  });
  return router;
}
