/**
 * The HostConfig the daemon stores and `docker inspect` shows: every field of API 1.50 in the
 * daemon's order, its defaults filled in (json-file logging, private IPC, host cgroupns on a
 * cgroup v1 host, 64 MB /dev/shm, the masked and read-only /proc paths), overlaid with what the
 * client asked for.
 */
const MASKED_PATHS = ['/proc/asound', '/proc/acpi', '/proc/interrupts', '/proc/kcore', '/proc/keys', '/proc/latency_stats', '/proc/timer_list', '/proc/timer_stats', '/proc/sched_debug', '/proc/scsi', '/sys/firmware', '/sys/devices/virtual/powercap'];
const READONLY_PATHS = ['/proc/bus', '/proc/fs', '/proc/irq', '/proc/sys', '/proc/sysrq-trigger'];

export function normalizeHostConfig(given: Record<string, unknown>): Record<string, unknown> {
  const v = <T>(key: string, fallback: T): T => {
    const x = given[key];
    return x === undefined || x === '' || (x === 0 && typeof fallback !== 'number') ? fallback : (x as T);
  };
  const privileged = given['Privileged'] === true;
  return {
    Binds: v('Binds', null),
    ContainerIDFile: v('ContainerIDFile', ''),
    LogConfig: { Type: 'json-file', Config: {} },
    NetworkMode: v('NetworkMode', 'bridge'),
    PortBindings: v('PortBindings', {}),
    RestartPolicy: v('RestartPolicy', { Name: 'no', MaximumRetryCount: 0 }),
    AutoRemove: v('AutoRemove', false),
    VolumeDriver: v('VolumeDriver', ''),
    VolumesFrom: v('VolumesFrom', null),
    ConsoleSize: v('ConsoleSize', [0, 0]),
    CapAdd: v('CapAdd', null),
    CapDrop: v('CapDrop', null),
    CgroupnsMode: v('CgroupnsMode', 'host'),
    Dns: v('Dns', []),
    DnsOptions: v('DnsOptions', []),
    DnsSearch: v('DnsSearch', []),
    ExtraHosts: v('ExtraHosts', null),
    GroupAdd: v('GroupAdd', null),
    IpcMode: v('IpcMode', 'private'),
    Cgroup: v('Cgroup', ''),
    Links: v('Links', null),
    OomScoreAdj: v('OomScoreAdj', 0),
    PidMode: v('PidMode', ''),
    Privileged: privileged,
    PublishAllPorts: v('PublishAllPorts', false),
    ReadonlyRootfs: v('ReadonlyRootfs', false),
    SecurityOpt: v('SecurityOpt', null),
    UTSMode: v('UTSMode', ''),
    UsernsMode: v('UsernsMode', ''),
    // 0 (what the client sends without --shm-size) means the daemon's default, as dockerd fills it in.
    ShmSize: typeof given['ShmSize'] === 'number' && given['ShmSize'] > 0 ? given['ShmSize'] : 67108864,
    Runtime: 'runc',
    Isolation: v('Isolation', ''),
    CpuShares: v('CpuShares', 0),
    Memory: v('Memory', 0),
    NanoCpus: v('NanoCpus', 0),
    CgroupParent: v('CgroupParent', ''),
    BlkioWeight: v('BlkioWeight', 0),
    BlkioWeightDevice: v('BlkioWeightDevice', []),
    BlkioDeviceReadBps: v('BlkioDeviceReadBps', []),
    BlkioDeviceWriteBps: v('BlkioDeviceWriteBps', []),
    BlkioDeviceReadIOps: v('BlkioDeviceReadIOps', []),
    BlkioDeviceWriteIOps: v('BlkioDeviceWriteIOps', []),
    CpuPeriod: v('CpuPeriod', 0),
    CpuQuota: v('CpuQuota', 0),
    CpuRealtimePeriod: v('CpuRealtimePeriod', 0),
    CpuRealtimeRuntime: v('CpuRealtimeRuntime', 0),
    CpusetCpus: v('CpusetCpus', ''),
    CpusetMems: v('CpusetMems', ''),
    Devices: v('Devices', []),
    DeviceCgroupRules: v('DeviceCgroupRules', null),
    DeviceRequests: v('DeviceRequests', null),
    MemoryReservation: v('MemoryReservation', 0),
    // dockerd's adaptContainerSettings: a memory limit with no swap limit (0, as the client sends it) gets twice the memory.
    MemorySwap: typeof given['Memory'] === 'number' && given['Memory'] > 0 && !given['MemorySwap'] ? given['Memory'] * 2 : v('MemorySwap', 0),
    MemorySwappiness: null,
    OomKillDisable: v('OomKillDisable', false),
    PidsLimit: null,
    Ulimits: v('Ulimits', []),
    CpuCount: v('CpuCount', 0),
    CpuPercent: v('CpuPercent', 0),
    IOMaximumIOps: v('IOMaximumIOps', 0),
    IOMaximumBandwidth: v('IOMaximumBandwidth', 0),
    ...(given['Mounts'] ? { Mounts: given['Mounts'] } : {}),
    ...(privileged ? {} : { MaskedPaths: MASKED_PATHS, ReadonlyPaths: READONLY_PATHS }),
    // `--init` only: the daemon's struct leaves Init out when it was not asked for.
    ...(given['Init'] === true ? { Init: true } : {}),
  };
}
