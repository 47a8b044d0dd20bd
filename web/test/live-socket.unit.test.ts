import { createLiveSocket, liveSocketUrl } from '../src/lib/ws/live-socket';
import type { LiveMessage } from '../src/lib/ws/messages';

/** Just enough of a browser WebSocket to drive the client by hand. */
class FakeSocket {
  static all: FakeSocket[] = [];
  readyState = 0;
  sent: unknown[] = [];
  onopen: (() => void) | null = null;
  onmessage: ((e: { data: string }) => void) | null = null;
  onclose: (() => void) | null = null;
  constructor(readonly url: string) { FakeSocket.all.push(this); }
  send(text: string) { this.sent.push(JSON.parse(text)); }
  close() { this.readyState = 3; }
  open() { this.readyState = 1; this.onopen?.(); }
  drop() { this.readyState = 3; this.onclose?.(); }
  push(msg: object) { this.onmessage?.({ data: JSON.stringify(msg) }); }
}

const flush = () => new Promise((r) => jest.requireActual<typeof import('node:timers')>('node:timers').setImmediate(r));

describe('the tab’s WebSocket client', () => {
  beforeEach(() => { FakeSocket.all = []; jest.useFakeTimers(); });
  afterEach(() => jest.useRealTimers());

  function start() {
    const tokens: boolean[] = [];
    const live = createLiveSocket({
      getToken: async (force) => { tokens.push(force); return `t${tokens.length}`; },
      createSocket: (url) => new FakeSocket(url) as unknown as WebSocket,
      location: { protocol: 'https:', host: 'shop.example' },
      random: () => 1,
    });
    return { live, tokens };
  }

  it('authenticates in one place: the access token in the upgrade URL', () => {
    expect(liveSocketUrl('a b', { protocol: 'http:', host: 'h:3000' })).toBe('ws://h:3000/ws?token=a%20b');
  });

  it('subscribes watched drops, delivers typed messages, and re-subscribes after reconnecting with growing delays', async () => {
    const { live, tokens } = start();
    const got: LiveMessage[] = [];
    live.onMessage((m) => got.push(m));
    const unwatch = live.watchDrop(42);
    live.start();
    await flush();
    const first = FakeSocket.all[0]!;
    expect(first.url).toBe('wss://shop.example/ws?token=t1');
    first.open();
    expect(live.status()).toBe('open');
    expect(first.sent).toEqual([{ type: 'subscribe', dropId: 42 }]);
    first.push({ type: 'queue_tick', dropId: 42, serving: 3, rate: 2, stockLeft: 9, soldOut: false });
    expect(got).toEqual([{ type: 'queue_tick', dropId: 42, serving: 3, rate: 2, stockLeft: 9, soldOut: false }]);
    const generation = live.generation();

    // Dropped twice in a row without opening: 500 ms, then 1000 ms (random() = 1 → no jitter reduction).
    first.drop();
    expect(live.status()).toBe('reconnecting');
    await jest.advanceTimersByTimeAsync(499);
    expect(FakeSocket.all).toHaveLength(1);
    await jest.advanceTimersByTimeAsync(1);
    expect(FakeSocket.all).toHaveLength(2);
    FakeSocket.all[1]!.drop(); // refused before opening: next attempt refreshes the token first
    await jest.advanceTimersByTimeAsync(999);
    expect(FakeSocket.all).toHaveLength(2);
    await jest.advanceTimersByTimeAsync(1);
    expect(FakeSocket.all).toHaveLength(3);
    expect(tokens).toEqual([false, false, true]);

    const third = FakeSocket.all[2]!;
    third.open();
    expect(third.sent).toEqual([{ type: 'subscribe', dropId: 42 }]);
    expect(live.generation()).toBe(generation + 1); // listeners re-sync from HTTP
    unwatch();
    expect(third.sent).toEqual([{ type: 'subscribe', dropId: 42 }, { type: 'unsubscribe', dropId: 42 }]);
    live.stop();
    expect(live.status()).toBe('idle');
    await jest.advanceTimersByTimeAsync(60_000);
    expect(FakeSocket.all).toHaveLength(3);
  });

  it('ignores frames that are not JSON messages', async () => {
    const { live } = start();
    const got: LiveMessage[] = [];
    live.onMessage((m) => got.push(m));
    live.start();
    await flush();
    FakeSocket.all[0]!.open();
    FakeSocket.all[0]!.onmessage?.({ data: 'not json' });
    FakeSocket.all[0]!.onmessage?.({ data: '{"no":"type"}' });
    expect(got).toEqual([]);
  });
});
