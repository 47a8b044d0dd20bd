import { ErrorNotice } from '../../components/ErrorNotice';
import { NotificationList } from './NotificationList';
import { useBell, useMarkAllRead } from './notification-store';

export function NotificationsPage() {
  const { items, unread, isPending, error } = useBell();
  useMarkAllRead(items, unread > 0);
  return (
    <div className="stack">
      <h1>Notifications</h1>
      {isPending && <p role="status">Loading…</p>}
      <ErrorNotice error={error} />
      {!isPending && <NotificationList items={items} />}
    </div>
  );
}
