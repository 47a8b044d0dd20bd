// Placeholder: the creator studio is built on the `webops` branch, which replaces this file.
export function CreatorPage() {
  return (
    <section className="panel">
      <h1>Creator studio</h1>
      <p>Coming soon.</p>
    </section>
  );
}
