import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';

const root = path.resolve(__dirname, '../..');
const register = path.join(__dirname, 'swc-register.js');

/** A port nobody listens on right now (the OS picks it; we release it at once). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

export interface ServerProcess {
  child: ChildProcess;
  output: () => string;
  /** SIGTERM (graceful) by default; SIGKILL to simulate a crash. */
  stop(signal?: NodeJS.Signals): Promise<void>;
}

/**
 * Starts one of the real entry points (`server/src/http/main.ts`, `server/src/jobs/worker-main.ts`)
 * as a separate Node process with the test run's environment: on the TypeScript sources (compiled
 * by SWC as they load, like the rest of the tests), or `built`, on tsc's CommonJS output in
 * dist/ — what `npm start` runs, which SWC's output does not always match.
 */
export function startProcess(
  entry: string,
  env: Record<string, string>,
  opts: { built?: boolean } = {},
): ServerProcess {
  let output = '';
  const builtEntry = path.join(root, 'dist', entry.replace(/\.ts$/, '.js'));
  if (opts.built && !existsSync(builtEntry)) throw new Error(`${builtEntry} is missing: run npm run build:server`);
  const args = opts.built ? [builtEntry] : ['-r', register, path.join(root, entry)];
  const child = spawn(process.execPath, args, {
    cwd: root,
    env: { ...process.env, LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    child,
    output: () => output,
    async stop(signal: NodeJS.Signals = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    },
  };
}

/** Starts an API process and waits until it answers /healthz. */
export async function startApiProcess(
  env: Record<string, string> = {},
  opts: { built?: boolean } = {},
): Promise<ServerProcess & { url: string }> {
  const port = await freePort();
  const proc = startProcess('server/src/http/main.ts', { PORT: String(port), HOST: '127.0.0.1', ...env }, opts);
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    try {
      if ((await fetch(`${url}/healthz`)).ok) return { ...proc, url };
    } catch {
      // not listening yet
    }
    if (proc.child.exitCode !== null) throw new Error(`API process exited: ${proc.output()}`);
    if (Date.now() > deadline) throw new Error(`API process did not start: ${proc.output()}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** Starts a worker process (its metrics server on a free port). */
export async function startWorkerProcess(env: Record<string, string> = {}): Promise<ServerProcess> {
  return startProcess('server/src/jobs/worker-main.ts', { WORKER_METRICS_PORT: String(await freePort()), ...env });
}
