// The demo product's picture, uploaded the way a creator's browser would: ticket → PUT the bytes → register.
// The jobs worker then makes the AVIF/WebP/JPEG variants; the catalog shows them once ready.
import sharp from 'sharp';

const SVG = `<svg xmlns="http://www.w3.org/2000/svg" width="1600" height="1200" viewBox="0 0 1600 1200">
  <defs><linearGradient id="bg" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="#1d2b64"/><stop offset="1" stop-color="#f8cdda"/></linearGradient></defs>
  <rect width="1600" height="1200" fill="url(#bg)"/>
  <path d="M560 260 L700 200 Q800 280 900 200 L1040 260 L1240 520 L1120 600 L1040 500 L1040 1000 L560 1000 L560 500 L480 600 L360 520 Z" fill="#111" opacity="0.85"/>
  <text x="800" y="640" font-family="sans-serif" font-size="84" font-weight="700" fill="#f8cdda" text-anchor="middle">LIVEDROP</text>
  <text x="800" y="740" font-family="sans-serif" font-size="40" fill="#ffffff" text-anchor="middle">No. 001 / 100</text>
</svg>`;

/** Adds the picture unless the product already has uploaded media. Returns what it did, for the summary. */
export async function seedProductImage(base: string, token: string, productId: number): Promise<string> {
  const auth = { authorization: `Bearer ${token}` };
  const json = { ...auth, 'content-type': 'application/json' };
  const existing = (await (await fetch(`${base}/products/${productId}/media`, { headers: auth })).json()) as { media?: unknown[] };
  if (existing.media?.length) return `${existing.media.length} media already`;
  const png = await sharp(Buffer.from(SVG)).png().toBuffer();
  const ticketRes = await fetch(`${base}/products/${productId}/media/uploads`, {
    method: 'POST', headers: json, body: JSON.stringify({ contentType: 'image/png', bytes: png.length }),
  });
  if (ticketRes.status !== 201) throw new Error(`media upload ticket failed: ${ticketRes.status} ${await ticketRes.text()}`);
  const ticket = (await ticketRes.json()) as { uploadId: string; url: string };
  const url = ticket.url.startsWith('/') ? `${new URL(base).origin}${ticket.url}` : ticket.url;
  const put = await fetch(url, { method: 'PUT', headers: { 'content-type': 'image/png' }, body: png });
  if (put.status !== 200) throw new Error(`media upload failed: ${put.status} ${await put.text()}`);
  const registered = await fetch(`${base}/products/${productId}/media`, {
    method: 'POST', headers: json, body: JSON.stringify({ uploadId: ticket.uploadId, alt: 'The LiveDrop Launch Hoodie, front' }),
  });
  if (registered.status !== 202) throw new Error(`media register failed: ${registered.status} ${await registered.text()}`);
  return 'picture uploaded (variants in a few seconds)';
}
