// The LiveDrop processes and the port each serves /healthz on (for the launcher, up.sh and tests).
export interface ProcessSpec {
  name: string;
  entry: string;
  portKey: string;
  defaultPort: number;
  /**
   * Asynchronous work (sagas, jobs) nobody waits on with a request open: on a shared box it yields the CPU to the
   * request path (gateway, waiting room, read-api), so an order is answered in milliseconds even while the sagas
   * run flat out; they have the confirm budget (500 ms) to absorb it. run-all.ts applies LIVEDROP_WORKER_NICE (10).
   */
  background?: boolean;
}

/** Niceness of background processes (LIVEDROP_WORKER_NICE, default 10; 0 runs them at the request path's priority). */
export const workerNice = (env: NodeJS.ProcessEnv = process.env): number => Number(env.LIVEDROP_WORKER_NICE ?? 10);

export const PROCESSES: ProcessSpec[] = [
  { name: 'gateway', entry: 'gateway/src/main.ts', portKey: 'GATEWAY_PORT', defaultPort: 3000 },
  { name: 'read-api', entry: 'read-api/src/main.ts', portKey: 'READ_API_PORT', defaultPort: 3001 },
  { name: 'waiting-room', entry: 'waiting-room/src/controller-main.ts', portKey: 'WAITING_ROOM_PORT', defaultPort: 3002 },
  { name: 'temporal-worker', entry: 'workers/src/temporal-worker-main.ts', portKey: 'TEMPORAL_WORKER_PORT', defaultPort: 3003, background: true },
  { name: 'jobs-worker', entry: 'workers/src/jobs-worker-main.ts', portKey: 'JOBS_WORKER_PORT', defaultPort: 3004, background: true },
];
