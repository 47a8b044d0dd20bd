export { startMediaJobs, type MediaJobsOptions } from './media-worker';
export { processMedia, type MediaProcessingDeps } from './process-media';
export { collectGarbage } from './collect-garbage';
export { detectFrameGrabber, type FrameGrabber } from './frame-grabber';
export { renderImage } from './render-image';
