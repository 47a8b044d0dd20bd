import type { ReactNode } from 'react';
import { Link, Outlet, useLocation } from 'react-router';
import type { Role } from '../lib/auth/session';
import { useSession } from '../lib/services';

/** Pages for signed-in users (of one role, when given); others get a way to sign in. */
export function RequireRole({ role, children }: { role?: Role; children?: ReactNode }) {
  const session = useSession();
  const location = useLocation();
  if (!session) {
    return (
      <section className="panel narrow">
        <h1>Please log in</h1>
        <p>This page needs an account.</p>
        <p><Link className="button" to={`/login?next=${encodeURIComponent(location.pathname)}`}>Log in</Link> or <Link to="/signup">sign up</Link></p>
      </section>
    );
  }
  if (role && session.user.role !== role) {
    return (
      <section className="panel narrow">
        <h1>Not available for your account</h1>
        <p>This page is for {role} accounts; you are signed in as a {session.user.role}.</p>
        <p><Link to="/">Back to the drops</Link></p>
      </section>
    );
  }
  return children ?? <Outlet />;
}
