import { describeError } from '../lib/api/errors';

/** An error said plainly, with what to do next; announced to screen readers. */
export function ErrorNotice({ error, children }: { error: unknown; children?: React.ReactNode }) {
  if (!error) return null;
  const { title, action } = describeError(error);
  return (
    <div className="notice error" role="alert">
      <strong>{title}</strong> <span>{action}</span>
      {children}
    </div>
  );
}
