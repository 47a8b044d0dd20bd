export * from './catalog/catalog-schemas';
// The gateway's micro-cache judges If-None-Match exactly as read-api does.
export { matches as etagMatches } from './http/send-cacheable';
