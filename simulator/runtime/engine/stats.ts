/**
 * `GET /containers/{id}/stats`: one sample in the daemon's cgroup v1 shape, read from the
 * container's cgroup — CPU usage and the rate the scheduler gives it (the previous sample is one
 * second earlier at that rate), memory usage and limit, pids, block I/O — and its interfaces.
 */
import type { Host } from '../../kernel/host.ts';
import type { HttpResponse } from '../../kernel/http.ts';
import { MEMORY_UNLIMITED } from '../../kernel/cgroup.ts';
import type { World } from '../../kernel/world.ts';
import { rfc3339Nano } from '../../core/format.ts';
import { json } from './reply.ts';
import type { ContainerRecord } from './state.ts';

export const HOST_MEMORY = 3953963008;
const NCPU = 2;

export function statsJson(world: World, host: Host, c: ContainerRecord): Record<string, unknown> {
  const path = `/docker/${c.id}`;
  const running = c.state.status === 'running' || c.state.status === 'paused';
  host.settle();
  const node = host.cgroup(path);
  const tasks = running ? host.cgroupTasks(path, 'cpu,cpuacct') : [];
  const rate = tasks.reduce((n, pid) => n + host.cpuRate(pid), 0);
  const usage = running ? host.cgroupCpuUsageNs(path) : 0;
  const system = world.clock.now * 1e6 * NCPU;
  const mem = running ? host.cgroupMemory(path) : { usage: 0, swap: 0 };
  const limit = node && node.memory.limit < MEMORY_UNLIMITED ? node.memory.limit : HOST_MEMORY;
  const io = node?.blkio.bytes ?? {};
  const ioList = Object.entries(io).flatMap(([dev, v]) => {
    const [major, minor] = dev.split(':').map(Number) as [number, number];
    return [
      { major, minor, op: 'read', value: v.read },
      { major, minor, op: 'write', value: v.write },
    ];
  });
  const cpu = (total: number, sys: number): Record<string, unknown> => ({
    cpu_usage: { total_usage: Math.max(0, Math.round(total)), percpu_usage: [Math.max(0, Math.round(total / 2)), Math.max(0, Math.round(total / 2))], usage_in_kernelmode: 0, usage_in_usermode: Math.max(0, Math.round(total)) },
    system_cpu_usage: Math.round(sys),
    online_cpus: NCPU,
    throttling_data: { periods: node?.cpu.nrPeriods ?? 0, throttled_periods: node?.cpu.nrThrottled ?? 0, throttled_time: node?.cpu.throttledNs ?? 0 },
  });
  const ep = Object.values(c.networks)[0];
  return {
    read: rfc3339Nano(world.clock.now),
    preread: rfc3339Nano(world.clock.now - 1000),
    pids_stats: { current: tasks.length, limit: 4915 },
    blkio_stats: { io_service_bytes_recursive: ioList, io_serviced_recursive: [], io_queue_recursive: [], io_service_time_recursive: [], io_wait_time_recursive: [], io_merged_recursive: [], io_time_recursive: [], sectors_recursive: [] },
    num_procs: 0,
    storage_stats: {},
    cpu_stats: cpu(usage, system),
    precpu_stats: cpu(usage - rate * 1e9, system - 1e9 * NCPU),
    memory_stats: running ? { usage: mem.usage, max_usage: node?.memory.maxUsage ?? mem.usage, stats: { total_inactive_file: 0, cache: 0, rss: mem.usage }, limit } : {},
    name: c.name,
    id: c.id,
    ...(running && ep?.ip ? { networks: { eth0: { rx_bytes: 656, rx_packets: 8, rx_errors: 0, rx_dropped: 0, tx_bytes: 0, tx_packets: 0, tx_errors: 0, tx_dropped: 0 } } } : {}),
  };
}

export function statsRoute(world: World, host: Host, c: ContainerRecord): HttpResponse {
  return json(200, statsJson(world, host, c));
}
