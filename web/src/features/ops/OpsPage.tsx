// Placeholder: the ops console is built on the `webops` branch, which replaces this file.
export function OpsPage() {
  return (
    <section className="panel">
      <h1>Ops console</h1>
      <p>Coming soon.</p>
    </section>
  );
}
