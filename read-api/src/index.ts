export * from './catalog/catalog-schemas';
