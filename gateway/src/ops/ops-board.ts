import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import { Queue } from 'bullmq';
import type { Express, RequestHandler } from 'express';
import { bullConnection, QUEUES, unauthorized } from '@livedrop/common';
import { BOARD_COOKIE, BOARD_PATH, readCookie, type BoardSessions } from './board-session';

/**
 * Bull Board over the jobs worker's BullMQ queues, for ops only. Created by the composition root (it holds
 * Redis connections) and closed at shutdown; the gateway app mounts it behind the board-session cookie.
 */
export function createOpsBoard(redisUrl: string, opts: { prefix?: string } = {}) {
  const connection = bullConnection(redisUrl);
  const queues = Object.values(QUEUES).map((name) => new Queue(name, { connection, prefix: opts.prefix }));
  const serverAdapter = new ExpressAdapter();
  serverAdapter.setBasePath(BOARD_PATH);
  createBullBoard({
    queues: queues.map((q) => new BullMQAdapter(q)),
    serverAdapter,
    options: { uiConfig: { boardTitle: 'LiveDrop queues' } },
  });
  return {
    router: serverAdapter.getRouter() as RequestHandler,
    close: async () => { await Promise.all(queues.map((q) => q.close())); },
  };
}

export type OpsBoard = ReturnType<typeof createOpsBoard>;

/** Every board request (page, assets, its API) needs a valid session cookie; anything else is a 401. */
export function mountOpsBoard(app: Express, board: OpsBoard, sessions: BoardSessions): void {
  app.use(BOARD_PATH, (req, res, next) => {
    if (sessions.verify(readCookie(req.header('cookie'), BOARD_COOKIE)) === undefined) {
      throw unauthorized('board_session_required', 'open Bull Board from the ops console (POST /v1/ops/board-session first)');
    }
    res.setHeader('cache-control', 'no-store');
    next();
  }, board.router);
}
