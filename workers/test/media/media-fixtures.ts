import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import sharp from 'sharp';

/** A smooth 1600×1000 gradient JPEG carrying EXIF text that must never reach a variant. */
export async function testJpeg(width = 1600, height = 1000): Promise<Buffer> {
  const pixels = Buffer.alloc(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 3;
      pixels[i] = (x * 255) / width;
      pixels[i + 1] = (y * 255) / height;
      pixels[i + 2] = 128;
    }
  }
  return sharp(pixels, { raw: { width, height, channels: 3 } })
    .withExif({ IFD0: { ImageDescription: 'private-location-47.3769N' } })
    .jpeg({ quality: 85 })
    .toBuffer();
}

/** A real 1 s WebM made by ffmpeg when it is installed, else a minimal valid WebM header (no frames). */
export async function testWebm(ffmpeg: boolean): Promise<Buffer> {
  if (!ffmpeg) {
    return Buffer.from('1a45dfa39f4286810142f7810142f2810442f381084282847765626d4287810442858102', 'hex');
  }
  const dir = await mkdtemp(join(tmpdir(), 'livedrop-webm-'));
  try {
    const out = join(dir, 'clip.webm');
    await promisify(execFile)('ffmpeg', [
      '-hide_banner', '-v', 'error', '-f', 'lavfi', '-i', 'testsrc=duration=1:size=320x240:rate=10', '-c:v', 'libvpx', '-b:v', '200k', out,
    ], { timeout: 60_000 });
    return await readFile(out);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
