import { Link } from 'react-router';
import type { BellItem } from './notification-store';

export function NotificationList({ items, onPick }: { items: BellItem[]; onPick?: () => void }) {
  if (items.length === 0) return <p className="muted">No notifications yet. Follow creators to hear when their drops start.</p>;
  return (
    <ul className="notes">
      {items.map((n) => (
        <li key={n.key} className={n.read ? '' : 'unread'}>
          {n.dropId ? <Link to={`/drops/${n.dropId}`} onClick={onPick}>{n.text}</Link> : <Link to="/orders" onClick={onPick}>{n.text}</Link>}
          <time className="muted small" dateTime={new Date(n.at).toISOString()}> {new Date(n.at).toLocaleTimeString()}</time>
        </li>
      ))}
    </ul>
  );
}
