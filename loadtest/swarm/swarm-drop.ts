// The swarm's own drop, created through the public API by the users file's creator.
async function api(baseUrl: string, token: string, method: string, path: string, body?: unknown) {
  const res = await fetch(`${baseUrl}${path}`, {
    method, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, json: (text ? JSON.parse(text) : {}) as Record<string, unknown> };
}

export async function createSwarmDrop(baseUrl: string, token: string, o: { startsInS: number; stock: number; rate: number }) {
  const product = await api(baseUrl, token, 'POST', '/v1/products', { title: 'Swarm drop', priceMinor: 1000, currency: 'EUR' });
  if (product.status !== 201) throw new Error(`create product: ${product.status} ${JSON.stringify(product.json)}`);
  const now = Date.now();
  const startsAt = new Date(now + o.startsInS * 1000);
  const drop = await api(baseUrl, token, 'POST', '/v1/drops', {
    productId: product.json.id, startsAt: startsAt.toISOString(), endsAt: new Date(startsAt.getTime() + 3600_000).toISOString(),
    prequeueOpensAt: new Date(now).toISOString(), totalStock: o.stock, perUserLimit: 1, admissionRatePerS: o.rate,
  });
  if (drop.status !== 201) throw new Error(`schedule drop: ${drop.status} ${JSON.stringify(drop.json)}`);
  return { dropId: Number(drop.json.id), startsAt: String(drop.json.startsAt) };
}

export async function waitForLive(baseUrl: string, token: string, dropId: number, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const res = await api(baseUrl, token, 'GET', `/v1/drops/${dropId}`);
    if (res.json.status === 'live') return;
    if (Date.now() > deadline) throw new Error(`drop ${dropId} not live after ${timeoutMs} ms (${String(res.json.status)})`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** Best effort: the swarm's drop must not keep the controller busy after the run. */
export async function endSwarmDrop(baseUrl: string, token: string, dropId: number) {
  await api(baseUrl, token, 'POST', `/v1/drops/${dropId}/end`, { reason: 'swarm finished' }).catch(() => undefined);
}
