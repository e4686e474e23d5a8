import path from 'node:path';
import { type ResourceLimits, Worker } from 'node:worker_threads';

/**
 * Starts a worker thread on the module `name` next to the caller (`dir` = the caller's
 * __dirname): the compiled .js in production, the .ts source under jest, compiled by SWC
 * on load (the thread does not inherit jest's transform).
 */
export function startModuleThread(
  dir: string,
  name: string,
  workerData: unknown,
  resourceLimits: ResourceLimits,
): Worker {
  if (__filename.endsWith('.ts')) {
    const register = path.resolve(__dirname, '../../test/swc-register.js');
    const entry = path.join(dir, `${name}.ts`);
    return new Worker(`require(${JSON.stringify(register)}); require(${JSON.stringify(entry)});`, {
      eval: true,
      workerData,
      resourceLimits,
    });
  }
  return new Worker(path.join(dir, `${name}.js`), { workerData, resourceLimits });
}
