export { createActivities } from './activities';
