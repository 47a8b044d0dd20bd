import { useState } from 'react';

/** A stable hue per product, so tiles without a loadable image still tell products apart. */
function hueOf(text: string): number {
  let h = 0;
  for (let i = 0; i < text.length; i++) h = (h * 31 + text.charCodeAt(i)) >>> 0;
  return h % 360;
}

/** A product image that falls back to a coloured monogram tile when there is none or the CDN URL fails. */
export function ProductImage({ src, alt, title, className }: { src: string | null | undefined; alt: string; title: string; className?: string }) {
  const [failed, setFailed] = useState(false);
  if (!src || failed) {
    const hue = hueOf(title);
    return (
      <div
        className={`img-fallback ${className ?? ''}`}
        role={alt ? 'img' : undefined}
        aria-label={alt || undefined}
        style={{ background: `linear-gradient(135deg, hsl(${hue} 62% 58%), hsl(${(hue + 40) % 360} 70% 38%))` }}
      >
        <span aria-hidden="true">{title.trim().charAt(0).toUpperCase() || '◆'}</span>
      </div>
    );
  }
  return <img className={className} src={src} alt={alt} loading="lazy" onError={() => setFailed(true)} />;
}
