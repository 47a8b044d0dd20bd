import { ConfigError, loadConfig } from '../../src';

describe('media config', () => {
  it('local disk by default, three widths, relative media URLs', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({ MEDIA_STORAGE: 'local', MEDIA_LOCAL_DIR: '.run/media', MEDIA_IMAGE_WIDTHS: [320, 640, 1280], MEDIA_PUBLIC_BASE_URL: '' });
  });

  it('parses widths (sorted, deduplicated), trims a CDN base URL, reads S3 switches', () => {
    const c = loadConfig({
      MEDIA_IMAGE_WIDTHS: '1024,256,1024', MEDIA_PUBLIC_BASE_URL: 'https://cdn.example.com/', MEDIA_STORAGE: 's3', S3_FORCE_PATH_STYLE: 'false',
    });
    expect(c).toMatchObject({ MEDIA_IMAGE_WIDTHS: [256, 1024], MEDIA_PUBLIC_BASE_URL: 'https://cdn.example.com', MEDIA_STORAGE: 's3', S3_FORCE_PATH_STYLE: false });
  });

  it.each([
    ['MEDIA_STORAGE', 'gcs'],
    ['MEDIA_IMAGE_WIDTHS', '320, 640'],
    ['MEDIA_PUBLIC_BASE_URL', 'ftp://cdn.example.com'],
    ['S3_BUCKET', 'Not_A_Bucket'],
    ['MEDIA_MAX_IMAGE_BYTES', '10'],
  ])('a bad %s stops the boot, naming the key', (key, value) => {
    expect(() => loadConfig({ [key]: value })).toThrow(ConfigError);
    expect(() => loadConfig({ [key]: value })).toThrow(new RegExp(key));
  });
});
