import { useEffect, useRef, useState } from 'react';
import { Link } from 'react-router';
import { NotificationList } from './NotificationList';
import { useBell, useMarkAllRead } from './notification-store';

/** The bell: unread count, and a panel of the latest alerts (opening it marks them read). */
export function NotificationBell() {
  const { items, unread } = useBell();
  const [open, setOpen] = useState(false);
  const box = useRef<HTMLDivElement>(null);
  useMarkAllRead(items, open && unread > 0);
  useEffect(() => {
    if (!open) return;
    const close = (e: MouseEvent | KeyboardEvent) => {
      if (e instanceof KeyboardEvent ? e.key === 'Escape' : !box.current?.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener('mousedown', close);
    document.addEventListener('keydown', close);
    return () => {
      document.removeEventListener('mousedown', close);
      document.removeEventListener('keydown', close);
    };
  }, [open]);
  const label = unread > 0 ? `Notifications, ${unread} unread` : 'Notifications';
  return (
    <div className="bell" ref={box}>
      <button type="button" className="bell-button" aria-label={label} aria-expanded={open} aria-controls="bell-panel" onClick={() => setOpen((o) => !o)}>
        <svg aria-hidden="true" width="20" height="20" viewBox="0 0 24 24" fill="currentColor"><path d="M12 22a2.5 2.5 0 0 0 2.45-2h-4.9A2.5 2.5 0 0 0 12 22zm7-6V11a7 7 0 0 0-5.5-6.84V3a1.5 1.5 0 0 0-3 0v1.16A7 7 0 0 0 5 11v5l-2 2v1h18v-1z" /></svg>
        {unread > 0 && <span className="bell-count" aria-hidden="true">{unread}</span>}
      </button>
      <span className="visually-hidden" aria-live="polite">{unread > 0 ? `${unread} unread notifications` : ''}</span>
      {open && (
        <div id="bell-panel" className="bell-panel" role="region" aria-label="Latest notifications">
          <NotificationList items={items.slice(0, 8)} onPick={() => setOpen(false)} />
          <Link to="/notifications" onClick={() => setOpen(false)} className="small">All notifications</Link>
        </div>
      )}
    </div>
  );
}
