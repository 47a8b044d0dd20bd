import { decideRestart, DEFAULT_RESTART_POLICY, type RestartDecision } from '../scripts/restart-policy';

const policy = { baseDelayMs: 500, maxDelayMs: 4000, stableAfterMs: 30_000, maxFastCrashes: 5 };
const delays = (decisions: RestartDecision[]) => decisions.map((d) => (d.restart ? d.delayMs : d.reason));

describe('launcher restart policy', () => {
  it('restarts a crashed process with exponential backoff, capped', () => {
    let fast = 0;
    const decisions: RestartDecision[] = [];
    for (let i = 0; i < 5; i++) {
      const d = decideRestart({ code: 1, ranForMs: 1000 }, fast, policy);
      decisions.push(d);
      if (d.restart) fast = d.fastCrashes;
    }
    expect(delays(decisions)).toEqual([500, 1000, 2000, 4000, 4000]);
  });

  it('gives up on a crash loop with a message that says so', () => {
    const d = decideRestart({ code: 1, ranForMs: 200 }, 5, policy);
    expect(d).toEqual({ restart: false, reason: expect.stringMatching(/crashed 6 times in a row, each within 30 s of starting .*giving up/) });
  });

  it('starts counting again after a process ran long enough to be healthy', () => {
    expect(decideRestart({ code: null, ranForMs: 60_000 }, 5, policy)).toEqual({ restart: true, delayMs: 500, fastCrashes: 1 });
  });

  it('restarts after a kill by a signal, and never after a configuration error', () => {
    expect(decideRestart({ code: null, ranForMs: 10 }, 0)).toMatchObject({ restart: true, delayMs: DEFAULT_RESTART_POLICY.baseDelayMs });
    expect(decideRestart({ code: 78, ranForMs: 10 }, 0)).toEqual({ restart: false, reason: expect.stringContaining('invalid configuration') });
  });
});
