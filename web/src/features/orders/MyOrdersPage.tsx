export function MyOrdersPage() {
  return <section className="panel"><h1>My orders</h1></section>;
}
