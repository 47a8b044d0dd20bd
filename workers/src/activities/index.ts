import type { Activities } from '@livedrop/workflows';

export interface ActivityDeps {
  // Filled as the order pipeline grows: knex, redis, payment provider, logger.
  readonly service: string;
}

/** Activities are built from injected dependencies so tests can hand in their own. */
export function createActivities(deps: ActivityDeps): Activities {
  return {
    async echo(message: string) {
      return `${message} (via ${deps.service})`;
    },
  };
}
