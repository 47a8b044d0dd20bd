import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import {
  CreateBucketCommand, DeleteObjectsCommand, PutBucketCorsCommand, GetObjectCommand, HeadBucketCommand, HeadObjectCommand, ListObjectsV2Command,
  PutObjectCommand, S3Client, S3ServiceException,
} from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { isValidObjectKey } from '../content-types';
import { MediaObjectMissing, streamToBuffer, type MediaStorage } from './media-storage';

export interface S3StorageOptions {
  endpoint: string;
  /** Host browsers upload to (presigned URLs), when not `endpoint`. */
  publicEndpoint?: string;
  region: string;
  bucket: string;
  accessKeyId: string;
  secretAccessKey: string;
  forcePathStyle: boolean;
}

const notFound = (err: unknown) =>
  err instanceof S3ServiceException && (err.$metadata.httpStatusCode === 404 || err.name === 'NoSuchKey' || err.name === 'NotFound');

const checked = (key: string) => {
  if (!isValidObjectKey(key)) throw new Error(`invalid media object key ${JSON.stringify(key)}`);
  return key;
};

/** Any S3-compatible store (AWS, MinIO, the local moto server). The bucket is created on first use if missing. */
export function createS3Storage(opts: S3StorageOptions): MediaStorage & { ensureBucket(): Promise<void> } {
  const clientFor = (endpoint: string) => new S3Client({
    endpoint,
    region: opts.region,
    forcePathStyle: opts.forcePathStyle,
    credentials: { accessKeyId: opts.accessKeyId, secretAccessKey: opts.secretAccessKey },
    // Default CRC32 checksums would put x-amz-checksum-* into presigned URLs, which browsers cannot compute
    // and S3-compatible servers do not all accept; the SHA-256 in every object's name is the integrity check.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
  const client = clientFor(opts.endpoint);
  // Presigning is local computation: this client never sends a request.
  const signer = opts.publicEndpoint ? clientFor(opts.publicEndpoint) : client;
  const Bucket = opts.bucket;

  return {
    driver: 's3',
    async ensureBucket() {
      try {
        await client.send(new HeadBucketCommand({ Bucket }));
      } catch (err) {
        if (!notFound(err)) throw err;
        try {
          await client.send(new CreateBucketCommand({ Bucket }));
        } catch (createErr) {
          // Another process (gateway and jobs worker boot together) created it first: that one sets CORS.
          if (createErr instanceof S3ServiceException && /^BucketAlready(OwnedByYou|Exists)$/.test(createErr.name)) return;
          throw createErr;
        }
        // Browsers PUT uploads straight to the bucket, from the web app's origin: allow that (the URL itself is
        // the signed permission). A bucket that already exists keeps whatever CORS its owner gave it.
        await client.send(new PutBucketCorsCommand({
          Bucket,
          CORSConfiguration: {
            CORSRules: [{ AllowedMethods: ['PUT', 'GET', 'HEAD'], AllowedOrigins: ['*'], AllowedHeaders: ['content-type'], ExposeHeaders: ['etag'], MaxAgeSeconds: 3600 }],
          },
        }));
      }
    },
    async put(key, body, contentType) {
      const Body = Buffer.isBuffer(body) ? body : createReadStream(body.file);
      const ContentLength = Buffer.isBuffer(body) ? body.length : (await stat(body.file)).size;
      await client.send(new PutObjectCommand({ Bucket, Key: checked(key), Body, ContentLength, ContentType: contentType }));
    },
    async stat(key) {
      try {
        const head = await client.send(new HeadObjectCommand({ Bucket, Key: checked(key) }));
        return { bytes: Number(head.ContentLength ?? 0) };
      } catch (err) {
        if (notFound(err)) return undefined;
        throw err;
      }
    },
    async read(key, range) {
      try {
        const got = await client.send(new GetObjectCommand({
          Bucket, Key: checked(key), Range: range ? `bytes=${range.start}-${range.end}` : undefined,
        }));
        return got.Body as Readable;
      } catch (err) {
        if (notFound(err)) throw new MediaObjectMissing(key);
        throw err;
      }
    },
    async readBuffer(key, maxBytes) {
      return streamToBuffer(await this.read(key, maxBytes ? { start: 0, end: maxBytes - 1 } : undefined), maxBytes);
    },
    async delete(keys) {
      for (let i = 0; i < keys.length; i += 1000) {
        const Objects = keys.slice(i, i + 1000).map((k) => ({ Key: checked(k) }));
        if (Objects.length) await client.send(new DeleteObjectsCommand({ Bucket, Delete: { Objects, Quiet: true } }));
      }
    },
    async list(prefix) {
      const keys: string[] = [];
      let ContinuationToken: string | undefined;
      do {
        const page = await client.send(new ListObjectsV2Command({ Bucket, Prefix: prefix, ContinuationToken }));
        keys.push(...(page.Contents ?? []).map((o) => o.Key!));
        ContinuationToken = page.IsTruncated ? page.NextContinuationToken : undefined;
      } while (ContinuationToken);
      return keys;
    },
    async presignPut(key, contentType, bytes, expiresInS) {
      const command = new PutObjectCommand({ Bucket, Key: checked(key), ContentType: contentType, ContentLength: bytes });
      // Type and length are part of the signature: the browser cannot send a bigger or different file.
      return getSignedUrl(signer, command, { expiresIn: expiresInS, signableHeaders: new Set(['content-type', 'content-length']) });
    },
    close() {
      client.destroy();
      if (signer !== client) signer.destroy();
    },
  };
}
