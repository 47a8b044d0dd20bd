// The route's entry (lazy-loaded by app/router.tsx): the console itself lives in OpsConsole.tsx.
export { OpsConsole as OpsPage } from './OpsConsole';
