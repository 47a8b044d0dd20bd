import { decodeUserBatch, encodeUserBatch, globalKeys } from '../src';

describe('user batch push frames (pushToUsers)', () => {
  it('round-trips the ids and the message text untouched', () => {
    const text = JSON.stringify({ type: 'drop_started', dropId: 7, title: 'a\nb, c' });
    expect(decodeUserBatch(encodeUserBatch([3, 41, 5000], text))).toEqual({ userIds: [3, 41, 5000], text });
  });

  it('rejects malformed frames instead of guessing', () => {
    for (const frame of ['', '{"type":"x"}', '\n{}', '1,x\n{}', '1,,2\n{}', '-1\n{}', '1.5\n{}']) expect(decodeUserBatch(frame)).toBeUndefined();
  });

  it('uses a channel the per-user pattern does not match', () => {
    const pattern = new RegExp(`^${globalKeys.userChannelPattern.replace('*', '.*')}$`);
    expect(pattern.test(globalKeys.userBatchChannel)).toBe(false);
  });
});
