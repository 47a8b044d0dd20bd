// A WebSocket wrapped for async scripts: messages land in an inbox and `waitFor(pred, ms)` resolves with
// the first (past or future) message matching pred, or null on timeout. Valid k6 (experimental websockets).
import { WebSocket } from 'k6/experimental/websockets';
import { setTimeout, clearTimeout } from 'k6/timers';
import { WS_URL } from './config.js';

export function openInbox(accessToken, { timeoutMs = 10000 } = {}) {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`${WS_URL}?token=${encodeURIComponent(accessToken)}`);
    const messages = [];
    let waiters = [];
    let opened = false;
    const timer = setTimeout(() => { if (!opened) { ws.close(); reject(new Error('websocket open timed out')); } }, timeoutMs);

    const inbox = {
      messages,
      closed: false,
      send: (obj) => ws.send(JSON.stringify(obj)),
      close: () => { if (!inbox.closed) ws.close(); },
      /** Resolves with the first message (seen already or arriving) for which pred is true; null on timeout. */
      waitFor(pred, ms) {
        const seen = messages.find(pred);
        if (seen) return Promise.resolve(seen);
        if (inbox.closed) return Promise.resolve(null);
        return new Promise((done) => {
          const w = { pred, done, timer: null };
          w.timer = setTimeout(() => { waiters = waiters.filter((x) => x !== w); done(null); }, ms);
          waiters.push(w);
        });
      },
    };

    ws.onopen = () => { opened = true; clearTimeout(timer); resolve(inbox); };
    ws.onmessage = (e) => {
      let msg;
      try { msg = JSON.parse(e.data); } catch { return; }
      msg.receivedAt = Date.now();
      messages.push(msg);
      for (const w of waiters.filter((x) => x.pred(msg))) {
        clearTimeout(w.timer);
        waiters = waiters.filter((x) => x !== w);
        w.done(msg);
      }
    };
    ws.onerror = (e) => { if (!opened) { clearTimeout(timer); reject(new Error(`websocket error: ${e.error}`)); } };
    ws.onclose = () => {
      inbox.closed = true;
      for (const w of waiters) { clearTimeout(w.timer); w.done(null); }
      waiters = [];
      if (!opened) { clearTimeout(timer); reject(new Error('websocket closed before opening')); }
    };
  });
}
