export * from './content-types';
export * from './media-view';
export * from './storage/media-storage';
export * from './storage/local-storage';
export * from './storage/s3-storage';
export * from './storage/create-storage';
export * from './media-schemas';
