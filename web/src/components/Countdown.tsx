import { formatDuration } from '../lib/format';
import { useNow } from '../lib/use-now';

/** Time left until `at`; `done` once it has passed. */
export function Countdown({ at, done = 'now' }: { at: string | number; done?: string }) {
  const now = useNow();
  const left = (new Date(at).getTime() - now) / 1000;
  return <time dateTime={new Date(at).toISOString()} className="countdown">{left > 0 ? formatDuration(left) : done}</time>;
}
