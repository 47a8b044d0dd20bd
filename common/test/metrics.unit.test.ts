import express from 'express';
import supertest from 'supertest';
import { createMetrics } from '../src/http/metrics';
import { errorHandler } from '../src/errors/error-handler';
import { unauthorized } from '../src/errors/app-error';

describe('http_request_duration_seconds route label', () => {
  it('is the full route pattern (mount prefix included) whether the route answered or threw', async () => {
    const metrics = createMetrics('metrics-test');
    const app = express();
    app.use(metrics.middleware);
    const router = express.Router();
    router.get('/drops/:dropId', (req, res) => {
      if (req.params.dropId === '2') throw unauthorized('missing_token', 'no token');
      res.json({ ok: true });
    });
    app.use('/v1', router);
    app.use(errorHandler);

    await supertest(app).get('/v1/drops/1').expect(200);
    await supertest(app).get('/v1/drops/2').expect(401);
    await supertest(app).get('/nowhere').expect(404);

    const { values } = await metrics.httpDuration.get();
    const counts = values.filter((v) => v.metricName === 'http_request_duration_seconds_count')
      .map((v) => `${v.labels.route} ${v.labels.status} ${v.value}`).sort();
    expect(counts).toEqual(['/v1/drops/:dropId 200 1', '/v1/drops/:dropId 401 1', 'unmatched 404 1']);
  });
});
