export { rateLimit, consumeRateLimit, type RateLimitOptions, type RateDecision } from './rate-limit';
