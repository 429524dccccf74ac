/**
 * Pointing the HTTP adapter at a lab: whatever service a host's listener table maps a socket
 * address to (`unix:/var/run/docker.sock` → `dockerd`) answers, looked up on every request so a
 * daemon started or stopped inside the lab is seen at once. Also the profiles: the headers a
 * Docker daemon adds to every reply.
 */
import type { HttpResponse } from '../../simulator/kernel/http.ts';
import type { Lab } from '../../simulator/index.ts';
import type { Session } from '../../simulator/kernel/types.ts';
import type { AdapterTarget, InteractiveSession } from './http-adapter.ts';
import { headerValue } from './http-convert.ts';

export const DOCKER_SOCKET = 'unix:/var/run/docker.sock';

/** What dockerd 28.2.2 puts on every reply (Go adds Date itself; Node does too). */
export const DOCKER_HEADERS: Record<string, string> = {
  'Api-Version': '1.50',
  'Docker-Experimental': 'false',
  Ostype: 'linux',
  Server: 'Docker/28.2.2 (linux)',
};

/** How the lab's clock relates to the wall clock while it is served. */
export type ClockMode =
  /** Virtual time follows the wall clock: before each request the lab catches up with it. */
  | 'wall'
  /** The caller moves the clock (parity tests keep two labs in lockstep). */
  | 'manual';

export interface LabTargetOptions {
  host?: string;
  address?: string;
  clock?: ClockMode;
}

/** Moves a lab forward to the wall clock (never back: a command may have run ahead of it). */
export function followWallClock(lab: Lab, wallNow = Date.now()): void {
  if (wallNow > lab.now) lab.advance(wallNow - lab.now);
}

export function labTarget(lab: Lab, options: LabTargetOptions = {}): AdapterTarget {
  const hostName = options.host ?? lab.definition.defaultHost;
  const address = options.address ?? DOCKER_SOCKET;
  return {
    now: () => lab.now,
    before: options.clock === 'manual' ? undefined : () => followWallClock(lab),
    openSession: (res) => shellSession(lab, hostName, res),
    handle(request): HttpResponse {
      // On the wall clock the engine must not run time ahead to answer a wait: it holds the reply.
      const req = options.clock === 'manual' ? request : { ...request, headers: { ...request.headers, 'X-Podbook-Wall-Clock': '1' } };
      const host = lab.world.host(hostName);
      const name = host.state.listeners[address];
      const service = name === undefined ? undefined : lab.world.services[name];
      if (!service) {
        const what = address === DOCKER_SOCKET ? ' (is docker running? try `systemctl start docker` in the lab)' : '';
        return {
          status: 503,
          headers: { 'Content-Type': 'application/json' },
          body: `${JSON.stringify({ message: `podbook: nothing listens on ${address} on ${hostName}${what}` })}\n`,
        };
      }
      return service(req, lab.world, host);
    },
  };
}

/**
 * The engine leaves an interactive exec's shell running and names its pid (and, for an attach to a
 * container's PID 1, `X-Podbook-Session-Kind: attach`); the client's typed lines
 * then run in a lab session of their own whose one frame is that shell, as the in-sim client's are.
 */
function shellSession(lab: Lab, hostName: string, res: HttpResponse): InteractiveSession | undefined {
  const pid = Number(headerValue(res.headers, 'X-Podbook-Session-Pid') ?? '');
  if (!Number.isInteger(pid) || pid <= 0) return undefined;
  lab.session();
  const sessions = (lab.world.state.ext['sessions'] as { sessions: Record<string, Session> }).sessions;
  const id = `http-exec-${pid}`;
  // The frame names its container, so the shell sees the container's filesystem and hostname.
  const execs = (lab.world.state.ext[`docker-exec/${hostName}`] as { execs?: Record<string, { pid: number; containerId: string }> } | undefined)?.execs ?? {};
  const container = Object.values(execs).find((e) => e.pid === pid)?.containerId;
  const kind = headerValue(res.headers, 'X-Podbook-Session-Kind') === 'attach' ? 'attach' : 'exec';
  sessions[id] = { id, frames: [{ host: hostName, pid, kind, ...(container ? { container } : {}), vars: {}, history: [] }] };
  return {
    prompt: () => lab.prompt(id),
    input(line) {
      if (line.trim() === '') return { output: '', closed: false };
      // When the shell ends, the session ends with it (no fresh login, which would take a pid).
      const result = lab.run(line, { session: id, reopen: false });
      const frames = sessions[id]?.frames ?? [];
      if (frames.length > 0) return { output: result.output, closed: false };
      delete sessions[id];
      return { output: result.output, closed: true };
    },
  };
}
