/**
 * System routes: `/_ping`, `/version`, `/info`.
 */
import type { Host } from '../../kernel/host.ts';
import type { HttpRequest, HttpResponse } from '../../kernel/http.ts';
import type { World } from '../../kernel/world.ts';
import { rfc3339Nano } from '../../core/format.ts';
import { baseHeaders, json } from './reply.ts';
import { part } from '../../lazy/index.ts';
import { eventsRoute, systemDf } from './system-extra.ts';
import { API_VERSION, ENGINE_VERSION, MIN_API_VERSION, type EngineState } from './state.ts';

export const GO_VERSION = 'go1.24.3';
export const ENGINE_COMMIT = '45873be';
export const CONTAINERD_VERSION = '1.7.27';

function ping(req: HttpRequest): HttpResponse {
  return {
    status: 200,
    headers: { ...baseHeaders(), 'Builder-Version': '2', 'Cache-Control': 'no-cache, no-store, must-revalidate', Pragma: 'no-cache', 'Content-Type': 'text/plain; charset=utf-8' },
    body: req.method === 'HEAD' ? '' : 'OK',
  };
}

export function versionJson(host: Host): Record<string, unknown> {
  const kernel = host.state.kernel.release;
  return {
    Platform: { Name: 'Docker Engine - Community' },
    Components: [
      { Name: 'Engine', Version: ENGINE_VERSION, Details: { ApiVersion: API_VERSION, Arch: 'amd64', BuildTime: '2025-05-30T12:07:26.000000000+00:00', Experimental: 'false', GitCommit: ENGINE_COMMIT, GoVersion: GO_VERSION, KernelVersion: kernel, MinAPIVersion: MIN_API_VERSION, Os: 'linux' } },
      { Name: 'containerd', Version: CONTAINERD_VERSION, Details: { GitCommit: '05044ec0a9a75232cad458027ca83437aae3f4da' } },
      { Name: 'runc', Version: '1.2.5', Details: { GitCommit: 'v1.2.5-0-g59923ef' } },
      { Name: 'docker-init', Version: '0.19.0', Details: { GitCommit: 'de40ad0' } },
    ],
    Version: ENGINE_VERSION,
    ApiVersion: API_VERSION,
    MinAPIVersion: MIN_API_VERSION,
    GitCommit: ENGINE_COMMIT,
    GoVersion: GO_VERSION,
    Os: 'linux',
    Arch: 'amd64',
    KernelVersion: kernel,
    BuildTime: '2025-05-30T12:07:26.000000000+00:00',
  };
}

function info(world: World, host: Host, state: EngineState): Record<string, unknown> {
  const containers = Object.values(state.containers);
  return {
    ID: 'b2a1f8c4-7d3e-4c1a-9f0e-5a6b7c8d9e0f',
    Containers: containers.length,
    ContainersRunning: containers.filter((c) => c.state.status === 'running').length,
    ContainersPaused: containers.filter((c) => c.state.status === 'paused').length,
    ContainersStopped: containers.filter((c) => c.state.status !== 'running' && c.state.status !== 'paused').length,
    Images: Object.keys(state.images).length,
    Driver: 'overlay2',
    DriverStatus: [['Backing Filesystem', 'xfs'], ['Supports d_type', 'true'], ['Using metacopy', 'false'], ['Native Overlay Diff', 'true'], ['userxattr', 'false']],
    Plugins: { Volume: ['local'], Network: ['bridge', 'host', 'ipvlan', 'macvlan', 'null', 'overlay'], Authorization: null, Log: ['awslogs', 'fluentd', 'gcplogs', 'gelf', 'journald', 'json-file', 'local', 'splunk', 'syslog'] },
    MemoryLimit: true,
    SwapLimit: true,
    CpuCfsPeriod: true,
    CpuCfsQuota: true,
    CPUShares: true,
    CPUSet: true,
    PidsLimit: true,
    IPv4Forwarding: true,
    Debug: false,
    NFd: 24 + containers.length * 4,
    OomKillDisable: true,
    NGoroutines: 38 + containers.length * 6,
    SystemTime: rfc3339Nano(world.clock.now),
    LoggingDriver: 'json-file',
    CgroupDriver: 'cgroupfs',
    CgroupVersion: '1',
    NEventsListener: 0,
    KernelVersion: host.state.kernel.release,
    OperatingSystem: host.state.kernel.os,
    OSVersion: '7',
    OSType: 'linux',
    Architecture: 'x86_64',
    IndexServerAddress: 'https://index.docker.io/v1/',
    RegistryConfig: { InsecureRegistryCIDRs: ['::1/128', '127.0.0.0/8'], IndexConfigs: { 'docker.io': { Name: 'docker.io', Mirrors: [], Secure: true, Official: true } }, Mirrors: null },
    NCPU: 2,
    MemTotal: 3953963008,
    DockerRootDir: '/var/lib/docker',
    Name: host.state.hostname,
    Labels: [],
    ExperimentalBuild: false,
    ServerVersion: ENGINE_VERSION,
    Runtimes: { 'io.containerd.runc.v2': { path: 'runc' }, runc: { path: 'runc' } },
    DefaultRuntime: 'runc',
    LiveRestoreEnabled: false,
    Isolation: '',
    InitBinary: 'docker-init',
    ContainerdCommit: { ID: '05044ec0a9a75232cad458027ca83437aae3f4da' },
    RuncCommit: { ID: 'v1.2.5-0-g59923ef' },
    InitCommit: { ID: 'de40ad0' },
    SecurityOptions: ['name=seccomp,profile=builtin'],
    Swarm: { NodeID: '', NodeAddr: '', LocalNodeState: 'inactive', ControlAvailable: false, Error: '', RemoteManagers: null },
    // CDI is on by default since Engine 28, with the two standard spec directories.
    CDISpecDirs: ['/etc/cdi', '/var/run/cdi'],
    Warnings: null,
  };
}

export function systemRoutes(world: World, host: Host, state: EngineState, req: HttpRequest, path: string): HttpResponse | undefined {
  if (path === '/_ping' && (req.method === 'GET' || req.method === 'HEAD')) return ping(req);
  if (path === '/version' && req.method === 'GET') return json(200, versionJson(host));
  if (path === '/info' && req.method === 'GET') return json(200, info(world, host, state));
  if (path === '/auth' && req.method === 'POST') return authRoute(req);
  if (path === '/commit' && req.method === 'POST') return part('extras').commitRoute(world, host, state, req);
  if (path === '/build' && req.method === 'POST') return part('extras').buildRoute(world, host, state, req);
  // No build cache is kept apart from the image store: nothing to prune.
  if (path === '/build/prune' && req.method === 'POST') return json(200, { CachesDeleted: null, SpaceReclaimed: 0 });
  if (path === '/system/df' && req.method === 'GET') return systemDf(world, host, state);
  if (path === '/events' && req.method === 'GET') return eventsRoute(world, host.name, state, req);
  return undefined;
}

/** Accounts of the simulated Docker Hub (the book's examples log in as these). */
export const HUB_ACCOUNTS: Record<string, string> = { sxq: 'podbook', student: 'podbook', podbook: 'podbook' };

export function authRoute(req: HttpRequest): HttpResponse {
  let body: { username?: string; password?: string; serveraddress?: string } = {};
  try {
    body = JSON.parse(req.body || '{}') as typeof body;
  } catch {
    return json(400, { message: 'invalid JSON' });
  }
  const server = body.serveraddress ?? '';
  if (server !== '' && !server.includes('docker.io')) return json(200, { IdentityToken: '', Status: 'Login Succeeded' });
  if (HUB_ACCOUNTS[body.username ?? ''] !== body.password) return json(401, { message: 'Get "https://registry-1.docker.io/v2/": unauthorized: incorrect username or password' });
  return json(200, { IdentityToken: '', Status: 'Login Succeeded' });
}
