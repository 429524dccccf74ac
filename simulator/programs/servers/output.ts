/**
 * Where a server writes after it has started (access logs on each request): the same stdout/stderr
 * its program model was given at start. Whoever starts a server process (the Docker engine, systemd)
 * registers a sink; without one, lines are kept on the process (`proc.data.output`).
 */
import type { World } from '../../kernel/world.ts';

export type OutputSink = (world: World, host: string, pid: number, stream: 'stdout' | 'stderr', text: string) => boolean;

const SINKS: OutputSink[] = [];

/** Registers a sink; it returns true when it took the text (e.g. the pid is a container's). */
export function addOutputSink(sink: OutputSink): void {
  if (!SINKS.includes(sink)) SINKS.push(sink);
}

export function serverWrite(world: World, host: string, pid: number | undefined, stream: 'stdout' | 'stderr', text: string): void {
  if (pid === undefined) return;
  const proc = world.state.hosts[host]?.procs.procs[pid];
  // The kernel's own route first: a process whose starter named an output hook (`proc.onOutput`).
  const view = world.host(host) as ReturnType<World['host']> & { emit?: (pid: number, stream: 'stdout' | 'stderr', text: string) => void };
  if (proc && (proc as { onOutput?: string }).onOutput && typeof view.emit === 'function') {
    view.emit(pid, stream, text);
    return;
  }
  for (const sink of SINKS) if (sink(world, host, pid, stream, text)) return;
  if (!proc) return;
  const data = (proc.data ??= {});
  const out = (data['output'] ??= []) as { stream: string; at: number; text: string }[];
  out.push({ stream, at: world.clock.now, text });
}
