// The domain's words, defined once (see docs/conventions.md). Pure: no I/O, so workflow code may import
// its types too.
export * from './statuses';
export * from './push-messages';
export * from './events';
export * from './cursor';
export * from './product';
