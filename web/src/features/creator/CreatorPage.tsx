// The route's entry (lazy-loaded by app/router.tsx): the studio itself lives in CreatorStudio.tsx.
export { CreatorStudio as CreatorPage } from './CreatorStudio';
