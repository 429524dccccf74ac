/**
 * A container as the kernel sees it: its first process is PID 1 inside its PID namespace and an
 * ordinary process on the host; its namespace inodes beside the host's (equal = shared); and the
 * cgroup limits of every running container with their live CPU use, so the 512 / 2048 split of two
 * busy containers shows as it happens. Reads the engine's containers and the kernel's processes,
 * namespaces, cgroups and scheduler rates; what the lab does not model yet is said in the text.
 */
import { scaleLinear } from 'd3';
import { frame } from './shared/frame.ts';
import {
  containerName,
  containersOldestFirst,
  defaultHost,
  engineOf,
  findContainer,
  HOST_NS,
  humanSize,
  kernelOf,
  nsOf,
  type CgroupView,
  type EngineContainer,
  type KernelView,
  type LabState,
  type ProcView,
} from './shared/lab.ts';
import { arrow, box, label } from './shared/shapes.ts';
import { rect, slug } from './shared/svg.ts';
import type { Tone } from './shared/theme.ts';
import { fill, strings, type DiagramOptions } from './shared/types.ts';

const T = {
  en: {
    title: 'Namespaces and cgroups of {name}',
    titleStatic: 'Namespaces and cgroups (example)',
    inside: 'Inside {name} (hostname {hostname})',
    onHost: 'On the host {host}',
    nsTitle: 'Namespaces (inode numbers, as /proc/PID/ns shows them)',
    type: 'type',
    flag: 'clone flag',
    hostCol: 'host',
    conCol: 'container',
    shared: 'shared with the host',
    own: 'its own',
    cgTitle: 'cgroups: CPU shares, limits and live CPU use',
    expected: 'share of a contended CPU',
    live: 'CPU now (of {n} CPUs)',
    idle: 'idle',
    unlimited: 'no limit',
    quota: 'quota {q}',
    mem: 'memory {m}',
    none: 'No container is running. Start one (docker run -d --name web httpd) to see it from inside and from the host.',
    noKernel: 'The lab does not model this part of the kernel for the container yet.',
    static: 'Example only: the lab has no running container yet.',
    desc: 'Container {name}: its first process is PID 1 inside its own PID namespace and PID {hostPid} on host {host} ({argv}).',
    descNs: 'Namespaces: {list}.',
    descCg: 'cgroups: {list}.',
    descCgItem: '{name} cpu.shares {shares} ({pct}% of a CPU they compete for, using {live} of the host now), memory limit {mem}',
    descStatic: 'No container is running in the lab yet, so an example is shown: a container whose process is PID 1 inside and an ordinary PID on the host, with its own pid, mnt, net, uts and ipc namespaces and the host user namespace, and two busy containers with cpu.shares 512 and 2048 that get 20% and 80% of the CPU.',
  },
  'zh-cn': {
    title: '{name} 的 Namespace 与 Cgroup',
    titleStatic: 'Namespace 与 Cgroup（示例）',
    inside: '{name} 内部（主机名 {hostname}）',
    onHost: '在主机 {host} 上',
    nsTitle: 'Namespace（inode 编号，即 /proc/PID/ns 中显示的）',
    type: '类型',
    flag: 'clone 标志',
    hostCol: '主机',
    conCol: '容器',
    shared: '与主机共享',
    own: '独立',
    cgTitle: 'Cgroup：CPU 份额、限制和实时 CPU 使用',
    expected: '争用同一 CPU 时的分配',
    live: '当前 CPU（共 {n} 个）',
    idle: '空闲',
    unlimited: '无限制',
    quota: '配额 {q}',
    mem: '内存 {m}',
    none: '没有运行中的容器。启动一个（docker run -d --name web httpd），就能从内部和主机两边看它。',
    noKernel: '实验环境还没有为这个容器模拟这部分内核状态。',
    static: '仅为示例：实验环境中还没有运行中的容器。',
    desc: '容器 {name}：它的第一个进程在自己的 PID 命名空间里是 PID 1，在主机 {host} 上是 PID {hostPid}（{argv}）。',
    descNs: 'Namespace：{list}。',
    descCg: 'Cgroup：{list}。',
    descCgItem: '{name} cpu.shares {shares}（争用同一 CPU 时分得 {pct}%，当前使用主机 CPU 的 {live}），内存限制 {mem}',
    descStatic: '实验环境中还没有运行中的容器，所以这里显示一个示例：容器的进程在内部是 PID 1，在主机上是普通的 PID；它有自己的 pid、mnt、net、uts、ipc 命名空间，与主机共用 user 命名空间；两个繁忙的容器 cpu.shares 分别为 512 和 2048，分别得到 20% 和 80% 的 CPU。',
  },
};

const NS_ROWS: [string, string][] = [
  ['ipc', 'CLONE_NEWIPC'],
  ['mnt', 'CLONE_NEWNS'],
  ['net', 'CLONE_NEWNET'],
  ['pid', 'CLONE_NEWPID'],
  ['user', 'CLONE_NEWUSER'],
  ['uts', 'CLONE_NEWUTS'],
];

/** cgroup v1 reports "unlimited" memory as a huge page-aligned number. */
const UNLIMITED = 2 ** 62;

interface CgRow {
  name: string;
  shares: number;
  quotaUs: number;
  periodUs: number;
  memLimit: number;
  /** CPUs in use now (1 = one full core), when the kernel's scheduler reports it. */
  live: number | undefined;
}

function cgroupOf(kernel: KernelView | undefined, proc: ProcView | undefined, c: EngineContainer): CgroupView | undefined {
  if (!kernel) return undefined;
  const path = proc?.cgroups?.['cpu,cpuacct'] ?? proc?.cgroups?.['cpu'] ?? `/docker/${c.id}`;
  return kernel.cgroups[path];
}

function cgRow(kernel: KernelView | undefined, c: EngineContainer): CgRow {
  const proc = kernel?.procs[c.state.pid];
  const cg = cgroupOf(kernel, proc, c);
  const hc = c.hostConfig;
  const num = (k: string): number => (typeof hc[k] === 'number' ? (hc[k] as number) : 0);
  const nano = num('NanoCpus');
  const row: CgRow = {
    name: containerName(c),
    shares: cg?.cpu.shares ?? (num('CpuShares') || 1024),
    quotaUs: cg?.cpu.quotaUs ?? (num('CpuQuota') || (nano ? Math.round(nano / 10_000) : -1)),
    periodUs: cg?.cpu.periodUs ?? (num('CpuPeriod') || 100_000),
    memLimit: cg?.memory.limit ?? (num('Memory') || UNLIMITED),
    live: undefined,
  };
  if (kernel?.hasSched) {
    // CPU now: the scheduler's rate of every process in the container's cgroup (or its init's tree).
    const path = proc?.cgroups?.['cpu,cpuacct'];
    let sum = 0;
    for (const [pid, rate] of Object.entries(kernel.rates)) {
      const p = kernel.procs[Number(pid)];
      if (!p) continue;
      if ((path && p.cgroups?.['cpu,cpuacct'] === path) || Number(pid) === c.state.pid) sum += rate;
    }
    row.live = sum;
  }
  return row;
}

function hostChain(kernel: KernelView | undefined, pid: number): ProcView[] {
  const chain: ProcView[] = [];
  let p = kernel?.procs[pid];
  while (p && chain.length < 8) {
    chain.unshift(p);
    if (p.ppid === 0 || p.ppid === p.pid) break;
    p = kernel?.procs[p.ppid];
  }
  return chain;
}

/** Processes in the container's PID namespace, by their pid inside. */
function insideProcs(kernel: KernelView | undefined, init: ProcView | undefined): { inner: number; proc: ProcView }[] {
  if (!kernel || !init) return [];
  const ns = init.ns?.['pid'];
  if (ns === undefined) return [{ inner: 1, proc: init }];
  return Object.values(kernel.procs)
    .filter((p) => p.ns?.['pid'] === ns)
    .map((p) => ({ inner: p.nsPids?.at(-1) ?? 0, proc: p }))
    .sort((a, b) => a.inner - b.inner);
}

const EXAMPLE_CG: CgRow[] = [
  { name: 'c1', shares: 512, quotaUs: -1, periodUs: 100_000, memLimit: UNLIMITED, live: 0.2 },
  { name: 'c2', shares: 2048, quotaUs: -1, periodUs: 100_000, memLimit: UNLIMITED, live: 0.8 },
];

const W = 760;

export function namespacesCgroups(state: LabState, opts: DiagramOptions = {}): string {
  const t = strings(T, opts.locale);
  const id = opts.id ?? 'namespaces-cgroups';
  const host = opts.host ?? defaultHost(state);
  const engine = engineOf(state, host);
  const kernel = kernelOf(state, host);
  const running = engine ? containersOldestFirst(engine).filter((c) => c.state.status === 'running' || c.state.status === 'paused') : [];
  const focus = engine ? (findContainer(engine, opts.container) ?? running.at(-1)) : undefined;
  const isStatic = !focus;
  const init = focus ? kernel?.procs[focus.state.pid] : undefined;
  const kernelModelled = !!init && Object.keys(init.ns ?? {}).length > 0;

  const name = focus ? containerName(focus) : 'web';
  const hostPid = focus ? focus.state.pid : 2345;
  const hostname = focus ? (focus.config.Hostname ?? focus.id.slice(0, 12)) : '6a0fa9f77717';
  const inside = focus ? insideProcs(kernel, init) : [];
  const insideRows = inside.length ? inside.map((r) => ({ pid: r.inner || 1, argv: r.proc.argv.join(' ') })) : [{ pid: 1, argv: init?.argv.join(' ') ?? 'httpd -DFOREGROUND' }];
  const chain = focus ? hostChain(kernel, focus.state.pid) : [];
  const chainRows = chain.length ? chain.map((p) => ({ pid: p.pid, argv: p.argv.join(' ') })) : [{ pid: 1, argv: '/usr/lib/systemd/systemd' }, { pid: 1234, argv: 'containerd-shim -namespace moby' }, { pid: hostPid, argv: 'httpd -DFOREGROUND' }];
  const cgRows = isStatic ? EXAMPLE_CG : running.map((c) => cgRow(kernel, c));

  const top = 40;
  const procRows = Math.max(insideRows.length, chainRows.length, 2);
  const procH = 32 + Math.min(procRows, 7) * 20 + 8;
  const nsTop = top + procH + 18;
  const nsH = 30 + 7 * 20 + 6;
  const cgTop = nsTop + nsH + 18;
  const cgH = 52 + Math.max(1, Math.min(cgRows.length, 6)) * 34;
  const height = cgTop + cgH + (isStatic || !kernelModelled ? 30 : 10);
  const arrowId = `${id}-arrow`;
  const body: string[] = [];
  body.push(label(16, 24, isStatic ? t.titleStatic : fill(t.title, { name }), W - 32, { weight: true, size: 14 }));

  // Inside and on the host.
  const leftW = 300;
  const right = { x: 16 + leftW + 60, w: W - 32 - leftW - 60 };
  const insideParts = [label(28, top + 20, fill(t.inside, { name, hostname }), leftW - 24, { weight: true, tone: 'green' })];
  insideRows.slice(0, 7).forEach((r, i) => {
    insideParts.push(label(28, top + 42 + i * 20, `PID ${r.pid}`, 60, { mono: true, tone: 'green', weight: r.pid === 1 }), label(92, top + 42 + i * 20, r.argv, leftW - 90, { mono: true, tone: 'green' }));
  });
  body.push(box({ x: 16, y: top, w: leftW, h: procH, tone: 'green', id: `${id}-inside` }, ...insideParts));
  const hostParts = [label(right.x + 12, top + 20, fill(t.onHost, { host }), right.w - 24, { weight: true })];
  let focusY = top + 42;
  chainRows.slice(-7).forEach((r, i) => {
    const y = top + 42 + i * 20;
    const indent = Math.min(i, 5) * 12;
    const mine = r.pid === hostPid;
    if (mine) focusY = y;
    hostParts.push(label(right.x + 12 + indent, y, `${i > 0 ? '└ ' : ''}${r.pid}`, 70, { mono: true, weight: mine }), label(right.x + 84 + indent, y, r.argv, right.w - 96 - indent, { mono: true, weight: mine }));
  });
  body.push(box({ x: right.x, y: top, w: right.w, h: procH, tone: 'gray', id: `${id}-host` }, ...hostParts));
  body.push(arrow(arrowId, [16 + leftW, top + 38], [right.x, focusY - 4], { curve: 'h', tone: 'green', both: true, id: `${id}-same-process` }));
  body.push(label(16 + leftW + 30, top + 22, `1 = ${hostPid}`, 60, { size: 11, anchor: 'middle', mono: true }));

  // Namespaces.
  const cols = [16 + 12, 16 + 92, 16 + 230, 16 + 370, 16 + 510];
  const nsParts = [label(28, nsTop + 20, t.nsTitle, W - 56, { weight: true })];
  [t.type, t.flag, t.hostCol, t.conCol, ''].forEach((h, i) => nsParts.push(label(cols[i] as number, nsTop + 40, h, 130, { size: 11, cls: 'pbd-muted' })));
  const nsDesc: string[] = [];
  NS_ROWS.forEach(([type, flag], i) => {
    const y = nsTop + 60 + i * 20;
    const hostIno = HOST_NS[type] as number;
    // Docker gives a container its own namespaces of every type but user (unless userns-remap).
    const conIno = kernelModelled ? nsOf(init, type) : type === 'user' ? hostIno : undefined;
    const shared = conIno === hostIno;
    const tone: Tone = shared ? 'orange' : 'green';
    nsParts.push(
      label(cols[0] as number, y, type, 80, { mono: true, weight: true }),
      label(cols[1] as number, y, flag, 136, { mono: true, size: 11 }),
      label(cols[2] as number, y, `${type}:[${hostIno}]`, 136, { mono: true, size: 11 }),
      label(cols[3] as number, y, conIno === undefined ? `${type}:[…]` : `${type}:[${conIno}]`, 136, { mono: true, size: 11, tone: conIno === undefined ? undefined : tone }),
      rect((cols[4] as number) - 4, y - 11, 120, 15, { rx: 3, class: `pbd-${tone}` }),
      label(cols[4] as number, y, shared ? t.shared : t.own, 112, { size: 10.5, tone }),
    );
    nsDesc.push(`${type} ${conIno === undefined ? t.own : `${conIno} (${shared ? t.shared : t.own})`}`);
  });
  body.push(box({ x: 16, y: nsTop, w: W - 32, h: nsH, tone: 'gray', id: `${id}-namespaces` }, ...nsParts));

  // cgroups: expected split by shares and the scheduler's live use.
  // Shares only matter between containers that want CPU at the same time: split among the busy ones.
  const busy = cgRows.filter((r) => (r.live ?? 0) > 0);
  const competing = busy.length > 0 ? busy : cgRows;
  const totalShares = competing.reduce((n, r) => n + r.shares, 0) || 1;
  // The example is the notes' single-CPU machine; the lab's live use is a share of its CPUs.
  const cpus = isStatic ? 1 : Math.max(1, kernel?.cpus ?? 1);
  const bar = scaleLinear().domain([0, 1]).range([0, 150]);
  const cgParts = [label(28, cgTop + 20, t.cgTitle, W - 56, { weight: true })];
  const cx = [28, 120, 214, 410, 600];
  ['', 'cpu.shares', t.expected, fill(t.live, { n: cpus }), ''].forEach((h, i) => cgParts.push(label(cx[i] as number, cgTop + 40, h, 180, { size: 11, cls: 'pbd-muted' })));
  if (cgRows.length === 0) cgParts.push(label(28, cgTop + 66, t.none, W - 56, { size: 11 }));
  cgRows.slice(0, 6).forEach((r, i) => {
    const y = cgTop + 62 + i * 34;
    const frac = competing.includes(r) ? r.shares / totalShares : 0;
    const live = r.live === undefined ? undefined : Math.min(1, r.live / cpus);
    cgParts.push(
      label(cx[0] as number, y + 4, r.name, 86, { mono: true, weight: true }),
      label(cx[1] as number, y + 4, String(r.shares), 80, { mono: true }),
      rect(cx[2] as number, y - 8, bar(1), 14, { rx: 3, class: 'pbd-box' }),
      rect(cx[2] as number, y - 8, bar(frac), 14, { rx: 3, class: 'pbd-fill-blue', id: `${id}-share-${slug(r.name)}` }),
      label((cx[2] as number) + bar(1) + 6, y + 4, competing.includes(r) ? `${Math.round(frac * 100)}%` : '—', 40, { size: 11, mono: true }),
      rect(cx[3] as number, y - 8, bar(1), 14, { rx: 3, class: 'pbd-box' }),
      live === undefined ? '' : rect(cx[3] as number, y - 8, bar(live), 14, { rx: 3, class: 'pbd-fill-green', id: `${id}-live-${slug(r.name)}` }),
      label((cx[3] as number) + bar(1) + 6, y + 4, live === undefined ? '—' : live === 0 ? t.idle : `${Math.round(live * 100)}%`, 40, { size: 11, mono: true }),
      label(cx[4] as number, y - 2, fill(t.mem, { m: r.memLimit >= UNLIMITED ? t.unlimited : humanSize(r.memLimit) }), 140, { size: 10.5 }),
      label(cx[4] as number, y + 11, fill(t.quota, { q: r.quotaUs < 0 ? t.unlimited : `${r.quotaUs}/${r.periodUs} µs` }), 140, { size: 10.5 }),
    );
  });
  body.push(box({ x: 16, y: cgTop, w: W - 32, h: cgH, tone: 'gray', id: `${id}-cgroups` }, ...cgParts));
  if (isStatic) body.push(label(16, height - 12, t.static, W - 32, { size: 11, cls: 'pbd-muted' }));
  else if (!kernelModelled) body.push(label(16, height - 12, t.noKernel, W - 32, { size: 11, cls: 'pbd-muted' }));

  let desc: string;
  if (isStatic) desc = t.descStatic;
  else {
    const parts = [fill(t.desc, { name, hostPid, host, argv: insideRows[0]?.argv ?? '' })];
    parts.push(fill(t.descNs, { list: nsDesc.join(', ') }));
    if (!kernelModelled) parts.push(t.noKernel);
    const items = cgRows.map((r) =>
      fill(t.descCgItem, {
        name: r.name,
        shares: r.shares,
        pct: competing.includes(r) ? Math.round((r.shares / totalShares) * 100) : 0,
        live: r.live === undefined ? '—' : `${Math.round((r.live / cpus) * 100)}%`,
        mem: r.memLimit >= UNLIMITED ? t.unlimited : humanSize(r.memLimit),
      }),
    );
    parts.push(fill(t.descCg, { list: items.join('; ') }));
    desc = parts.join(' ');
  }
  return frame({ id, name: 'namespaces-cgroups', width: W, height, title: isStatic ? t.titleStatic : fill(t.title, { name }), desc, isStatic, body: body.join('') });
}

export default namespacesCgroups;
