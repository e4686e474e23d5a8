import { exportJobHandler } from '../modules/export/export.job';
import type { JobHandler } from './job-handler';

/**
 * The production job handlers. Each feature module that runs background work (imports,
 * exports, emails, provider syncs) adds its handler here.
 */
export function productionHandlers(): JobHandler[] {
  return [exportJobHandler];
}
