export { startMediaJobs } from './media-worker';
export { processMedia } from './process-media';
export { collectGarbage } from './collect-garbage';
export { detectFrameGrabber, type FrameGrabber } from './frame-grabber';
