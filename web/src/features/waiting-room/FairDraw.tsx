/** Before the start: why joining early gives no edge, and how anyone can check the draw afterwards. */
export function FairDrawExplainer({ seedHash }: { seedHash: string }) {
  return (
    <details className="explain">
      <summary>How the fair draw works</summary>
      <p>
        Everyone who joins before the start is in the pre-queue. At the start, places are drawn at random, so joining
        one second or one hour before the start makes no difference. People who join after the start line up behind, in order.
      </p>
      <p>
        The draw is driven by a secret seed chosen when the drop was scheduled. Its SHA-256 fingerprint is published now
        (<code className="hash inline">{seedHash.slice(0, 16)}…</code>); the seed itself is revealed at the start, and this page can
        recompute your place from it, in your browser.
      </p>
    </details>
  );
}
