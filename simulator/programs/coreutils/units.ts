/**
 * The systemd unit table of each host, kept in `world.state.ext['units/<host>']` so snapshots carry it.
 * Other layers register their services here (the docker layer registers `docker.service`, the kube
 * layer `kubelet.service`) with the names of start/stop hooks they register on the world; systemctl
 * and yum read and change the table.
 */
import type { World } from '../../kernel/world.ts';

export interface UnitSpec {
  /** `docker.service` */
  name: string;
  description: string;
  /** Where the unit file lives, e.g. /usr/lib/systemd/system/docker.service. */
  path: string;
  vendorPreset?: 'enabled' | 'disabled';
  docs?: string[];
  /** Unit file text written to `path` when the unit is registered. */
  file?: string;
  /** Name of a hook registered with `registerUnitHook` that starts/stops the service. */
  hook?: string;
}

export interface UnitState extends UnitSpec {
  enabled: boolean;
  active: boolean;
  /** Virtual time of the last change of `active`. */
  since: number;
  mainPid?: number;
  /** `failed` after a start that did not succeed. */
  failed?: boolean;
}

interface UnitTable {
  units: Record<string, UnitState>;
}

/** What a hook does when systemctl starts or stops a unit: returns the main pid, or an error text. */
export type UnitHook = (world: World, host: string, action: 'start' | 'stop', unit: UnitState) => { pid?: number; error?: string } | void;

const hooks = new WeakMap<World, Record<string, UnitHook>>();

export function registerUnitHook(world: World, name: string, hook: UnitHook): void {
  let table = hooks.get(world);
  if (!table) hooks.set(world, (table = {}));
  table[name] = hook;
}

export function unitHook(world: World, name: string | undefined): UnitHook | undefined {
  return name === undefined ? undefined : hooks.get(world)?.[name];
}

/** Services a CentOS 7 minimal install runs from boot. */
const BOOT_UNITS: UnitSpec[] = [
  { name: 'chronyd.service', description: 'NTP client/server', path: '/usr/lib/systemd/system/chronyd.service', vendorPreset: 'enabled', docs: ['man:chronyd(8)', 'man:chrony.conf(5)'] },
  { name: 'crond.service', description: 'Command Scheduler', path: '/usr/lib/systemd/system/crond.service', vendorPreset: 'enabled' },
  { name: 'firewalld.service', description: 'firewalld - dynamic firewall daemon', path: '/usr/lib/systemd/system/firewalld.service', vendorPreset: 'enabled', docs: ['man:firewalld(1)'] },
  { name: 'sshd.service', description: 'OpenSSH server daemon', path: '/usr/lib/systemd/system/sshd.service', vendorPreset: 'enabled', docs: ['man:sshd(8)', 'man:sshd_config(5)'] },
];

export function unitTable(world: World, host: string): Record<string, UnitState> {
  return world.ext<UnitTable>(`units/${host}`, () => ({
    // Booted with the lab: running since the lab's first instant.
    units: Object.fromEntries(BOOT_UNITS.map((u) => [u.name, { ...u, enabled: true, active: true, since: world.host(host).proc(1)?.startedAt ?? world.clock.now }])),
  })).units;
}

/** Adds a unit to a host (idempotent); writes its unit file when one is given. */
export function registerUnit(world: World, host: string, spec: UnitSpec, initial: { enabled?: boolean; active?: boolean; mainPid?: number } = {}): UnitState {
  const units = unitTable(world, host);
  const existing = units[spec.name];
  if (existing) return existing;
  const unit: UnitState = { ...spec, enabled: initial.enabled ?? false, active: initial.active ?? false, since: world.clock.now };
  if (initial.mainPid !== undefined) unit.mainPid = initial.mainPid;
  units[spec.name] = unit;
  if (spec.file !== undefined) {
    const fs = world.host(host).fs;
    const dir = spec.path.slice(0, spec.path.lastIndexOf('/'));
    if (!fs.tryStat(dir)) fs.mkdir(dir, { parents: true });
    fs.writeFile(spec.path, spec.file);
  }
  return unit;
}

/** Resolves `docker` or `docker.service` to a unit of the host. */
export function findUnit(world: World, host: string, name: string): UnitState | undefined {
  const units = unitTable(world, host);
  return units[name] ?? units[`${name}.service`];
}
