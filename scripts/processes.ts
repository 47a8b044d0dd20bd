// The LiveDrop processes and the port each serves /healthz on (for the launcher, up.sh and tests).
export interface ProcessSpec {
  name: string;
  entry: string;
  portKey: string;
  defaultPort: number;
}

export const PROCESSES: ProcessSpec[] = [
  { name: 'gateway', entry: 'gateway/src/main.ts', portKey: 'GATEWAY_PORT', defaultPort: 3000 },
  { name: 'read-api', entry: 'read-api/src/main.ts', portKey: 'READ_API_PORT', defaultPort: 3001 },
  { name: 'waiting-room', entry: 'waiting-room/src/controller-main.ts', portKey: 'WAITING_ROOM_PORT', defaultPort: 3002 },
  { name: 'temporal-worker', entry: 'workers/src/temporal-worker-main.ts', portKey: 'TEMPORAL_WORKER_PORT', defaultPort: 3003 },
  { name: 'jobs-worker', entry: 'workers/src/jobs-worker-main.ts', portKey: 'JOBS_WORKER_PORT', defaultPort: 3004 },
];
