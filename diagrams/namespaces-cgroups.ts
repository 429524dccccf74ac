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
import { arrow, box, label, lineHeight, lines } from './shared/shapes.ts';
import { group, rect, slug } from './shared/svg.ts';
import { textWidth, wrap } from './shared/text.ts';
import { FONT, type Tone } from './shared/theme.ts';
import { fill, strings, WIDE, type DiagramOptions } from './shared/types.ts';

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
    sharedShort: 'shared',
    ownShort: 'own',
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
    descHostNs: "The host's own: {list}.",
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
    sharedShort: '共享',
    ownShort: '独立',
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
    descHostNs: '主机自己的：{list}。',
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

  // Three tables side by side read only at the desktop width; a phone scrolls this drawing.
  const W = WIDE;
  const S = FONT.small;
  const LH = lineHeight(FONT.body);
  const LHS = lineHeight(S);
  const margin = 12;
  const arrowId = `${id}-arrow`;
  const body: string[] = [];
  const titleText = isStatic ? t.titleStatic : fill(t.title, { name });
  const title = lines(margin, 24, titleText, W - 2 * margin, { weight: true, size: FONT.heading });
  body.push(title.svg);
  const top = 24 + (title.count - 1) * lineHeight(FONT.heading) + 16;

  // Inside and on the host: the same process, PID 1 in its namespace and an ordinary pid outside.
  const leftW = 250;
  const gapP = 76;
  const right = { x: margin + leftW + gapP, w: W - margin - (margin + leftW + gapP) };
  const mono = (s: string): number => textWidth(s, FONT.body, true);
  const insideHead = lines(margin + 12, top + 20, fill(t.inside, { name, hostname }), leftW - 24, { weight: true, tone: 'green' });
  const insideParts = [insideHead.svg];
  let iy = top + 20 + insideHead.count * LH + 4;
  const pidW = Math.max(...insideRows.slice(0, 7).map((r) => mono(`PID ${r.pid}`))) + 10;
  insideRows.slice(0, 7).forEach((r) => {
    const argv = wrap(r.argv, leftW - 24 - pidW, FONT.body, true);
    insideParts.push(label(margin + 12, iy, `PID ${r.pid}`, pidW, { mono: true, tone: 'green', weight: r.pid === 1 }), ...argv.map((line, j) => label(margin + 12 + pidW, iy + j * LH, line, leftW - 24 - pidW, { mono: true, tone: 'green' })));
    iy += argv.length * LH + 2;
  });
  const hostHead = lines(right.x + 12, top + 20, fill(t.onHost, { host }), right.w - 24, { weight: true });
  const hostParts = [hostHead.svg];
  let hy = top + 20 + hostHead.count * LH + 4;
  let focusY = hy;
  const chainShown = chainRows.slice(-7);
  const hostPidW = Math.max(...chainShown.map((r, i) => mono(`${i > 0 ? '└ ' : ''}${r.pid}`))) + 10;
  chainShown.forEach((r, i) => {
    const indent = Math.min(i, 3) * 10;
    const mine = r.pid === hostPid;
    if (mine) focusY = hy;
    const argvW = right.w - 24 - indent - hostPidW;
    const argv = wrap(r.argv, argvW, FONT.body, true);
    hostParts.push(label(right.x + 12 + indent, hy, `${i > 0 ? '└ ' : ''}${r.pid}`, hostPidW, { mono: true, weight: mine }), ...argv.map((line, j) => label(right.x + 12 + indent + hostPidW, hy + j * LH, line, argvW, { mono: true, weight: mine })));
    hy += argv.length * LH + 2;
  });
  const procH = Math.max(iy, hy) - top + 6;
  body.push(box({ x: margin, y: top, w: leftW, h: procH, tone: 'green', id: `${id}-inside` }, ...insideParts));
  body.push(box({ x: right.x, y: top, w: right.w, h: procH, tone: 'gray', id: `${id}-host` }, ...hostParts));
  body.push(arrow(arrowId, [margin + leftW, top + 20 + insideHead.count * LH], [right.x, focusY - 4], { curve: 'h', tone: 'green', both: true, id: `${id}-same-process` }));
  body.push(label(margin + leftW + gapP / 2, top + 16, `1 = ${hostPid}`, gapP, { size: S, anchor: 'middle', mono: true }));

  // Namespaces: one row per type, columns as wide as their widest cell.
  const nsTop = top + procH + 18;
  const nsHead = lines(margin + 12, nsTop + 20, t.nsTitle, W - 2 * margin - 24, { weight: true });
  const nsParts = [nsHead.svg];
  const cells = NS_ROWS.map(([type, flag]) => {
    const hostIno = HOST_NS[type] as number;
    // Docker gives a container its own namespaces of every type but user (unless userns-remap).
    const conIno = kernelModelled ? nsOf(init, type) : type === 'user' ? hostIno : undefined;
    return { type, flag, hostIno, conIno, shared: conIno === hostIno };
  });
  const heads = [t.type, t.flag, t.hostCol, t.conCol, ''];
  const colText = [
    cells.map((c) => c.type),
    cells.map((c) => c.flag),
    cells.map((c) => `${c.type}:[${c.hostIno}]`),
    cells.map((c) => (c.conIno === undefined ? `${c.type}:[…]` : `${c.type}:[${c.conIno}]`)),
  ];
  const colW = colText.map((texts, i) => Math.max(textWidth(heads[i] as string, S), ...texts.map((x) => textWidth(x, i === 0 ? FONT.body : S, true) * (i === 0 ? 1.08 : 1))));
  const badgeW = Math.max(textWidth(t.sharedShort, S), textWidth(t.ownShort, S)) + 14;
  const gapN = Math.max(10, (W - 2 * margin - 24 - colW.reduce((a, b) => a + b, 0) - badgeW) / 4);
  const cols: number[] = [];
  let nx = margin + 12;
  for (const w of [...colW, badgeW]) {
    cols.push(nx);
    nx += w + gapN;
  }
  const headY = nsTop + 20 + nsHead.count * LH + 2;
  heads.forEach((h, i) => nsParts.push(label(cols[i] as number, headY, h, colW[i] ?? badgeW, { size: S, cls: 'pbd-muted' })));
  const nsDesc: string[] = [];
  cells.forEach((c, i) => {
    const y = headY + LH + 4 + i * (LH + 2);
    const tone: Tone = c.shared ? 'orange' : 'green';
    nsParts.push(
      label(cols[0] as number, y, c.type, colW[0] as number, { mono: true, weight: true }),
      label(cols[1] as number, y, c.flag, colW[1] as number, { mono: true, size: S }),
      label(cols[2] as number, y, colText[2]?.[i] ?? '', colW[2] as number, { mono: true, size: S }),
      label(cols[3] as number, y, colText[3]?.[i] ?? '', colW[3] as number, { mono: true, size: S, tone: c.conIno === undefined ? undefined : tone }),
      group({}, rect((cols[4] as number) - 2, y - LHS + 4, badgeW, LHS, { rx: 3, class: `pbd-${tone}` }), label((cols[4] as number) + 5, y, c.shared ? t.sharedShort : t.ownShort, badgeW - 10, { size: S, tone })),
    );
    nsDesc.push(c.conIno === undefined ? `${c.type} ${t.own}` : `${c.type}:[${c.conIno}] (${c.shared ? t.shared : t.own})`);
  });
  const nsH = headY + LH + 4 + (cells.length - 1) * (LH + 2) + 12 - nsTop;
  body.push(box({ x: margin, y: nsTop, w: W - 2 * margin, h: nsH, tone: 'gray', id: `${id}-namespaces` }, ...nsParts));

  // cgroups: expected split by shares and the scheduler's live use; limits on a line under each.
  // Shares only matter between containers that want CPU at the same time: split among the busy ones.
  const busy = cgRows.filter((r) => (r.live ?? 0) > 0);
  const competing = busy.length > 0 ? busy : cgRows;
  const totalShares = competing.reduce((n, r) => n + r.shares, 0) || 1;
  // The example is the notes' single-CPU machine; the lab's live use is a share of its CPUs.
  const cpus = isStatic ? 1 : Math.max(1, kernel?.cpus ?? 1);
  const cgTop = nsTop + nsH + 18;
  const cgHead = lines(margin + 12, cgTop + 20, t.cgTitle, W - 2 * margin - 24, { weight: true });
  const cgParts = [cgHead.svg];
  const shownCg = cgRows.slice(0, 6);
  const nameW = Math.min(170, Math.max(60, ...shownCg.map((r) => mono(r.name) * 1.08))) + 12;
  const sharesW = Math.max(textWidth('cpu.shares', S), ...shownCg.map((r) => mono(String(r.shares)))) + 16;
  const pctW = textWidth('100%', S, true) + 8;
  const barW = Math.floor((W - 2 * margin - 24 - nameW - sharesW - 2 * pctW - 24) / 2);
  const bar = scaleLinear().domain([0, 1]).range([0, barW]);
  const cx = [margin + 12, margin + 12 + nameW, margin + 12 + nameW + sharesW];
  cx.push((cx[2] as number) + barW + pctW + 24);
  const cgHeadY = cgTop + 20 + cgHead.count * LH + 2;
  ['', 'cpu.shares', t.expected, fill(t.live, { n: cpus })].forEach((h, i) => cgParts.push(label(cx[i] as number, cgHeadY, h, i < 2 ? (i === 0 ? nameW : sharesW) : barW + pctW, { size: S, cls: 'pbd-muted' })));
  let gy = cgHeadY + 8;
  if (cgRows.length === 0) {
    const none = lines(margin + 12, gy + LHS, t.none, W - 2 * margin - 24, { size: S });
    cgParts.push(none.svg);
    gy += none.count * LHS + 8;
  }
  shownCg.forEach((r) => {
    const frac = competing.includes(r) ? r.shares / totalShares : 0;
    const live = r.live === undefined ? undefined : Math.min(1, r.live / cpus);
    const nameLines = wrap(r.name, nameW - 12, FONT.body, true);
    const y = gy + LH - 2;
    const limits = `${fill(t.mem, { m: r.memLimit >= UNLIMITED ? t.unlimited : humanSize(r.memLimit) })} · ${fill(t.quota, { q: r.quotaUs < 0 ? t.unlimited : `${r.quotaUs}/${r.periodUs} µs` })}`;
    const limitLines = wrap(limits, W - 2 * margin - 24 - nameW, S);
    cgParts.push(
      ...nameLines.map((line, j) => label(cx[0] as number, y + j * LH, line, nameW - 12, { mono: true, weight: true })),
      label(cx[1] as number, y, String(r.shares), sharesW, { mono: true }),
      rect(cx[2] as number, y - 11, bar(1), 14, { rx: 3, class: 'pbd-box' }),
      rect(cx[2] as number, y - 11, bar(frac), 14, { rx: 3, class: 'pbd-fill-blue', id: `${id}-share-${slug(r.name)}` }),
      label((cx[2] as number) + bar(1) + 6, y, competing.includes(r) ? `${Math.round(frac * 100)}%` : '—', pctW, { size: S, mono: true }),
      rect(cx[3] as number, y - 11, bar(1), 14, { rx: 3, class: 'pbd-box' }),
      live === undefined ? '' : rect(cx[3] as number, y - 11, bar(live), 14, { rx: 3, class: 'pbd-fill-green', id: `${id}-live-${slug(r.name)}` }),
      label((cx[3] as number) + bar(1) + 6, y, live === undefined ? '—' : live === 0 ? t.idle : `${Math.round(live * 100)}%`, pctW, { size: S, mono: true }),
      ...limitLines.map((line, j) => label(cx[1] as number, y + LHS * (j + 1) + 2, line, W - 2 * margin - 24 - nameW, { size: S, cls: 'pbd-muted' })),
    );
    gy += Math.max(nameLines.length * LH, LH + limitLines.length * LHS) + 12;
  });
  const cgH = gy - cgTop + 6;
  body.push(box({ x: margin, y: cgTop, w: W - 2 * margin, h: cgH, tone: 'gray', id: `${id}-cgroups` }, ...cgParts));
  let height = cgTop + cgH + 10;
  const note = isStatic ? t.static : !kernelModelled ? t.noKernel : '';
  if (note) {
    const n = lines(margin, height + LHS - 4, note, W - 2 * margin, { size: S, cls: 'pbd-muted' });
    body.push(n.svg);
    height += n.count * LHS + 4;
  }

  let desc: string;
  if (isStatic) desc = t.descStatic;
  else {
    const parts = [fill(t.desc, { name, hostPid, host, argv: insideRows[0]?.argv ?? '' })];
    parts.push(fill(t.descNs, { list: nsDesc.join(', ') }));
    parts.push(fill(t.descHostNs, { list: cells.map((c) => `${c.type}:[${c.hostIno}]`).join(', ') }));
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
  return frame({ id, name: 'namespaces-cgroups', width: W, height, title: titleText, desc, isStatic, body: body.join('') });
}

export default namespacesCgroups;
