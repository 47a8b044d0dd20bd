import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface FrameGrabber {
  /** A PNG of a representative frame near the start of the video, or undefined if none could be taken. */
  grab(videoFile: string): Promise<Buffer | undefined>;
}

/**
 * ffmpeg when it can be run on this machine (checked once), else undefined: the caller then falls back to
 * the creator's chosen poster image. `thumbnail` picks the most typical of the first frames (not a black one).
 */
export async function detectFrameGrabber(ffmpegPath: string): Promise<FrameGrabber | undefined> {
  try {
    await run(ffmpegPath, ['-hide_banner', '-version'], { timeout: 10_000 });
  } catch {
    return undefined;
  }
  return {
    async grab(videoFile) {
      try {
        const { stdout } = await run(ffmpegPath, [
          '-hide_banner', '-v', 'error', '-i', videoFile, '-vf', 'thumbnail=30', '-frames:v', '1', '-f', 'image2pipe', '-c:v', 'png', 'pipe:1',
        ], { encoding: 'buffer', maxBuffer: 64 * 1024 * 1024, timeout: 60_000 });
        return stdout.length ? stdout : undefined;
      } catch {
        return undefined; // an unreadable video keeps no poster frame; it stays playable as uploaded
      }
    },
  };
}
