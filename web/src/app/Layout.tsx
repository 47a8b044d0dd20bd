import { Suspense, useEffect, useRef } from 'react';
import { Link, NavLink, Outlet, ScrollRestoration, useLocation, useNavigate } from 'react-router';
import { useLiveStatus, useServices, useSession } from '../lib/services';
import { NotificationBell } from '../features/notifications/NotificationBell';

function ConnectionDot() {
  const { status } = useLiveStatus();
  const label = status === 'open' ? 'Live' : status === 'idle' ? 'Offline' : 'Reconnecting…';
  return <span className={`conn conn-${status}`} title={`Live updates: ${label}`}><span aria-hidden="true">●</span> {label}</span>;
}

/** After client-side navigation, move focus to the new page so keyboard and screen-reader users start there. */
function useFocusOnNavigate() {
  const { pathname } = useLocation();
  const first = useRef(true);
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    document.getElementById('main')?.focus({ preventScroll: true });
  }, [pathname]);
}

export function Layout() {
  useFocusOnNavigate();
  const session = useSession();
  const { session: store } = useServices();
  const navigate = useNavigate();
  const role = session?.user.role;
  const logout = async () => {
    await store.signOut();
    await navigate('/');
  };
  return (
    <>
      <a className="skip-link" href="#main">Skip to content</a>
      <header className="topbar">
        <Link to="/" className="brand" aria-label="LiveDrop home">Live<span>Drop</span></Link>
        <nav aria-label="Main" className="mainnav">
          <NavLink to="/" end>Drops</NavLink>
          <NavLink to="/creators">Creators</NavLink>
          {role === 'shopper' && <NavLink to="/orders">My orders</NavLink>}
          {role === 'creator' && <NavLink to="/creator">Studio</NavLink>}
          {role === 'ops' && <NavLink to="/ops">Ops console</NavLink>}
        </nav>
        <div className="account">
          {session ? (
            <>
              <ConnectionDot />
              <NotificationBell />
              <span className="who" title={session.user.email}>{session.user.displayName}</span>
              <button type="button" className="link-button" onClick={() => void logout()}>Log out</button>
            </>
          ) : (
            <>
              <NavLink to="/login">Log in</NavLink>
              <Link className="button small" to="/signup">Sign up</Link>
            </>
          )}
        </div>
      </header>
      <main id="main" tabIndex={-1}>
        {!session && store.expired() && (
          <p className="notice info" role="alert">Your session has ended. <Link to="/login">Log in again</Link> to continue.</p>
        )}
        <Suspense fallback={<p role="status">Loading…</p>}>
          <Outlet />
        </Suspense>
      </main>
      <ScrollRestoration />
    </>
  );
}
