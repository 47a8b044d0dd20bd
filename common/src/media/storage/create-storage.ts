import type { Config } from '../../config/schema';
import { createLocalStorage } from './local-storage';
import type { MediaStorage } from './media-storage';
import { createS3Storage } from './s3-storage';

/** For composition roots: the driver MEDIA_STORAGE names (an S3 bucket is created if missing). */
export async function createMediaStorage(config: Config): Promise<MediaStorage> {
  if (config.MEDIA_STORAGE === 'local') return createLocalStorage(config.MEDIA_LOCAL_DIR);
  const s3 = createS3Storage({
    endpoint: config.S3_ENDPOINT, publicEndpoint: config.S3_PUBLIC_ENDPOINT, region: config.S3_REGION, bucket: config.S3_BUCKET,
    accessKeyId: config.S3_ACCESS_KEY_ID, secretAccessKey: config.S3_SECRET_ACCESS_KEY, forcePathStyle: config.S3_FORCE_PATH_STYLE,
  });
  await s3.ensureBucket();
  return s3;
}
