const VIDEO = /\.(mp4|webm|mov)(\?|$)/i;

/** The product's further media (the first image is the main one): images, and videos with controls. */
export function ProductMedia({ urls, title }: { urls: string[]; title: string }) {
  if (urls.length === 0) return null;
  return (
    <ul className="gallery" aria-label={`More of ${title}`}>
      {urls.map((url, i) => (
        <li key={url}>
          {VIDEO.test(url)
            ? <video src={url} controls preload="none" aria-label={`${title}, video ${i + 1}`} />
            : <img src={url} alt={`${title}, view ${i + 2}`} loading="lazy" onError={(e) => { e.currentTarget.hidden = true; }} />}
        </li>
      ))}
    </ul>
  );
}
