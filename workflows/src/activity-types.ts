// Workflows import only these types; the implementations live in workers/src/activities.
export interface Activities {
  echo(message: string): Promise<string>;
}
