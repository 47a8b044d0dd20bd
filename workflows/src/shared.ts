// Names shared by workflow code, the worker and the clients that start workflows. No I/O here:
// workflow bundles import this file.
export const TASK_QUEUE = 'livedrop';

export const workflowIds = {
  ping: (id: string) => `ping-${id}`,
};
