export { consumeRateLimit, createRateLimits } from './rate-limit';
