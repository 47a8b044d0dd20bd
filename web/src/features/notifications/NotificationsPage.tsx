export function NotificationsPage() {
  return <section className="panel"><h1>Notifications</h1></section>;
}
