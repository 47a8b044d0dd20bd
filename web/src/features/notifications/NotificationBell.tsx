import { Link } from 'react-router';

export function NotificationBell() {
  return <Link to="/notifications" aria-label="Notifications">🔔</Link>;
}
