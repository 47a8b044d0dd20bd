export { rateLimit, consumeRateLimit } from './rate-limit';
