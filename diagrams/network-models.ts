/**
 * Docker's network models on one host, from the lab: containers with no network (`none`, only
 * loopback), on the host's own stack (`host`), on the default bridge docker0 and on user-defined
 * bridges, each with its address and the veth pair that joins it to its bridge; and, for every
 * published port, the DNAT path a connection to the host's port takes to the container.
 */
import { scaleBand } from 'd3';
import { frame } from './shared/frame.ts';
import {
  containerName,
  containersOldestFirst,
  defaultHost,
  engineOf,
  kernelOf,
  linksOf,
  netOf,
  nsOf,
  type EngineContainer,
  type EngineView,
  type LabState,
  type NetnsView,
} from './shared/lab.ts';
import { arrow, box, dot, label, roundPath } from './shared/shapes.ts';
import { el, slug } from './shared/svg.ts';
import type { Tone } from './shared/theme.ts';
import { fill, strings, type DiagramOptions } from './shared/types.ts';

const T = {
  en: {
    title: 'Docker network models on {host}',
    host: 'Host {host} · network namespace {ns}',
    none: 'none',
    noneSub: 'loopback only',
    hostMode: 'host',
    hostSub: "the host's own stack",
    bridge: 'bridge (default)',
    user: 'user-defined bridge',
    userNone: 'docker network create',
    stopped: 'not running',
    empty: 'no containers',
    lo: 'lo 127.0.0.1',
    shares: 'shares ens33, ports, routes',
    dnat: 'Published ports: the DNAT path',
    dnatNone: 'No published ports. With docker run -p 8080:80, a connection to the host port is rewritten (DNAT) to the container.',
    chain: 'nat PREROUTING → DOCKER',
    more: '+{n} more',
    static: 'Example only: the lab has no Docker engine state yet.',
    desc: 'Networks of the Docker containers on host {host} (host address {ip}).',
    descNone: 'No network (none), only loopback: {list}.',
    descHost: "Host network, sharing the host's interfaces: {list}.",
    descBridge: 'Bridge network {name} on {dev} ({subnet}, gateway {gw}): {list}.',
    descPort: 'Port {hostPort} on the host is forwarded by DNAT to {ip}:{port} in container {name}.',
    descEmpty: 'no containers',
    descStatic: 'No Docker engine state is in the lab yet, so an example is shown: a container with network none, one with host, web on docker0 at 172.17.0.2 publishing 8080 to 80, and one on a user bridge net2 at 172.10.10.10.',
  },
  'zh-cn': {
    title: '{host} 上的 Docker 网络模式',
    host: '主机 {host} · 网络命名空间 {ns}',
    none: 'none',
    noneSub: '只有回环接口',
    hostMode: 'host',
    hostSub: '直接使用主机的网络栈',
    bridge: 'bridge（默认）',
    user: '自定义 bridge',
    userNone: 'docker network create',
    stopped: '未运行',
    empty: '没有容器',
    lo: 'lo 127.0.0.1',
    shares: '共用 ens33、端口和路由',
    dnat: '发布的端口：DNAT 路径',
    dnatNone: '没有发布端口。用 docker run -p 8080:80 时，到主机端口的连接会被改写（DNAT）到容器。',
    chain: 'nat PREROUTING → DOCKER',
    more: '还有 {n} 个',
    static: '仅为示例：实验环境中还没有 Docker 引擎的状态。',
    desc: '主机 {host}（地址 {ip}）上 Docker 容器的网络。',
    descNone: '无网络（none），只有回环接口：{list}。',
    descHost: 'host 网络，与主机共用网卡：{list}。',
    descBridge: '网桥网络 {name}（设备 {dev}，{subnet}，网关 {gw}）：{list}。',
    descPort: '主机的 {hostPort} 端口经 DNAT 转发到容器 {name} 的 {ip}:{port}。',
    descEmpty: '没有容器',
    descStatic: '实验环境中还没有 Docker 引擎的状态，所以这里显示一个示例：一个 none 网络的容器、一个 host 网络的容器、docker0 上地址为 172.17.0.2 并把 8080 发布到 80 的 web，以及自定义网桥 net2 上地址为 172.10.10.10 的容器。',
  },
};

interface Member {
  name: string;
  running: boolean;
  ip?: string;
  prefix?: number;
  /** Host-side veth name, when the network layer has one. */
  veth?: string;
  ifname?: string;
}

interface Column {
  key: string;
  title: string;
  sub: string;
  tone: Tone;
  /** For bridges: the bridge device and its address. */
  bridge?: { dev: string; subnet: string; gateway: string };
  members: Member[];
}

interface PortPath {
  name: string;
  hostPort: string;
  ip: string;
  port: string;
  proto: string;
  /** `--to-destination` of the iptables DNAT rule for this port, when the lab has the rule. */
  rule?: string;
}

/** The DNAT rule in the nat table's DOCKER chain that rewrites connections to `hostPort`. */
function dnatRule(root: NetnsView | undefined, hostPort: string, proto: string): string | undefined {
  const rules = root?.tables?.nat?.['DOCKER']?.rules ?? [];
  for (const r of rules) {
    if (r.target !== 'DNAT' || (r.protocol && r.protocol !== proto)) continue;
    const dport = r.matches.flatMap((m) => m.options).find(([opt]) => opt === '--dport')?.[1];
    if (dport !== hostPort) continue;
    return r.targetOptions.find(([opt]) => opt === '--to-destination')?.[1];
  }
  return undefined;
}

function bridgeDev(name: string, id: string, options: Record<string, string>): string {
  return options['com.docker.network.bridge.name'] ?? (name === 'bridge' ? 'docker0' : `br-${id.slice(0, 12)}`);
}

/** The veth on the host side whose peer sits in the container's network namespace, if modelled. */
function vethFor(root: NetnsView | undefined, containerNs: number | undefined): string | undefined {
  if (containerNs === undefined) return undefined;
  return linksOf(root).find((l) => l.kind === 'veth' && l.peer?.netns === containerNs)?.name;
}

function fromEngine(state: LabState, host: string, engine: EngineView, t: (typeof T)['en']): { columns: Column[]; ports: PortPath[] } {
  const kernel = kernelOf(state, host);
  const net = netOf(state, host);
  const root = net ? Object.values(net).find((n) => n.id === 4026531956) : undefined;
  const running = (c: EngineContainer): boolean => c.state.status === 'running' || c.state.status === 'paused';
  const member = (c: EngineContainer, network: string): Member => {
    const ep = c.networks[network];
    const proc = running(c) ? kernel?.procs[c.state.pid] : undefined;
    const ns = proc && proc.ns?.['net'] !== undefined ? nsOf(proc, 'net') : undefined;
    const m: Member = { name: containerName(c), running: running(c) };
    if (ep && ep.ip) {
      m.ip = ep.ip;
      m.prefix = ep.prefixLen;
    }
    const veth = vethFor(root, ns);
    if (veth) m.veth = veth;
    return m;
  };
  const all = containersOldestFirst(engine);
  const networks = Object.values(engine.networks);
  const nameOf = (driver: string, fallback: string): string => networks.find((n) => n.driver === driver)?.name ?? fallback;
  const inNet = (net: string): EngineContainer[] => all.filter((c) => net in c.networks || (c.hostConfig['NetworkMode'] === net && Object.keys(c.networks).length === 0));
  const columns: Column[] = [
    { key: 'none', title: t.none, sub: t.noneSub, tone: 'gray', members: inNet(nameOf('null', 'none')).map((c) => ({ name: containerName(c), running: running(c) })) },
    { key: 'host', title: t.hostMode, sub: t.hostSub, tone: 'orange', members: inNet(nameOf('host', 'host')).map((c) => ({ name: containerName(c), running: running(c) })) },
  ];
  const bridges = networks.filter((n) => n.driver === 'bridge').sort((a, b) => (a.name === 'bridge' ? -1 : b.name === 'bridge' ? 1 : a.name < b.name ? -1 : 1));
  const def = bridges.find((n) => n.name === 'bridge');
  const bridgeCol = (n: (typeof bridges)[number], title: string, tone: Tone): Column => ({
    key: `net-${slug(n.name)}`,
    title,
    sub: n.name,
    tone,
    bridge: { dev: bridgeDev(n.name, n.id, n.options ?? {}), subnet: n.ipam?.[0]?.subnet ?? '', gateway: n.ipam?.[0]?.gateway ?? '' },
    members: inNet(n.name).map((c) => member(c, n.name)),
  });
  columns.push(def ? bridgeCol(def, t.bridge, 'blue') : { key: 'net-bridge', title: t.bridge, sub: 'bridge', tone: 'blue', bridge: { dev: 'docker0', subnet: '172.17.0.0/16', gateway: '172.17.0.1' }, members: all.filter((c) => 'bridge' in c.networks).map((c) => member(c, 'bridge')) });
  const users = bridges.filter((n) => n.name !== 'bridge');
  if (users.length === 0) columns.push({ key: 'net-user', title: t.user, sub: t.userNone, tone: 'purple', members: [] });
  for (const n of users) columns.push(bridgeCol(n, t.user, 'purple'));

  const ports: PortPath[] = [];
  for (const c of all) {
    if (!running(c)) continue;
    const ep = Object.values(c.networks)[0];
    for (const key of Object.keys(c.ports).sort()) {
      const [port = '', proto = 'tcp'] = key.split('/');
      for (const b of c.ports[key] ?? []) {
        if (b.HostIp.includes(':')) continue; // the IPv6 twin of the same binding
        const rule = dnatRule(root, b.HostPort, proto);
        ports.push({ name: containerName(c), hostPort: b.HostPort, ip: ep?.ip ?? '', port, proto, ...(rule ? { rule } : {}) });
      }
    }
  }
  return { columns, ports };
}

const STATIC_COLUMNS = (t: (typeof T)['en']): Column[] => [
  { key: 'none', title: t.none, sub: t.noneSub, tone: 'gray', members: [{ name: 'isolated', running: true }] },
  { key: 'host', title: t.hostMode, sub: t.hostSub, tone: 'orange', members: [{ name: 'hostnet', running: true }] },
  { key: 'net-bridge', title: t.bridge, sub: 'bridge', tone: 'blue', bridge: { dev: 'docker0', subnet: '172.17.0.0/16', gateway: '172.17.0.1' }, members: [{ name: 'web', running: true, ip: '172.17.0.2', prefix: 16 }] },
  { key: 'net-net2', title: t.user, sub: 'net2', tone: 'purple', bridge: { dev: 'br-net2', subnet: '172.10.10.0/24', gateway: '172.10.10.1' }, members: [{ name: 'c1', running: true, ip: '172.10.10.10', prefix: 24 }] },
];

const W = 760;
const MAX_MEMBERS = 4;

export function networkModels(state: LabState, opts: DiagramOptions = {}): string {
  const t = strings(T, opts.locale);
  const id = opts.id ?? 'network-models';
  const host = opts.host ?? defaultHost(state);
  const engine = engineOf(state, host);
  const isStatic = engine === undefined;
  const { columns, ports } = engine ? fromEngine(state, host, engine, t) : { columns: STATIC_COLUMNS(t), ports: [{ name: 'web', hostPort: '8080', ip: '172.17.0.2', port: '80', proto: 'tcp' }] };
  const net = netOf(state, host);
  const root = net ? Object.values(net).find((n) => n.id === 4026531956) : undefined;
  const nic = linksOf(root).find((l) => l.kind === 'ether');
  const hostIp = nic?.addrs[0] ? `${nic.addrs[0].ip}/${nic.addrs[0].prefix}` : (state?.hosts[host]?.ip ?? '192.168.81.10') + '/24';
  const nicName = nic?.name ?? 'ens33';

  const x = scaleBand<string>().domain(columns.map((c) => c.key)).range([28, W - 28]).paddingInner(0.06);
  const colW = x.bandwidth();
  const rows = Math.max(1, Math.min(MAX_MEMBERS, Math.max(...columns.map((c) => c.members.length))));
  const top = 40;
  const nicY = top + 28;
  const colTop = nicY + 56;
  const memberTop = colTop + 96;
  const memberH = 62;
  const colH = 96 + rows * (memberH + 10) + 14;
  const hostH = colTop - top + colH + 14;
  const dnatTop = top + hostH + 18;
  const dnatRows = Math.max(1, Math.min(3, ports.length));
  const height = dnatTop + 28 + dnatRows * 44 + (isStatic ? 30 : 8);
  const arrowId = `${id}-arrow`;

  const body: string[] = [];
  body.push(label(16, 24, fill(t.title, { host }), W - 32, { weight: true, size: 14 }));
  body.push(box({ x: 16, y: top, w: W - 32, h: hostH, dashed: true, id: `${id}-host` }, label(28, top + 18, fill(t.host, { host, ns: 4026531956 }), W - 60, { weight: true })));
  body.push(box({ x: 28, y: nicY, w: W - 56, h: 36, tone: 'orange', id: `${id}-${slug(nicName)}` }, label(40, nicY + 23, `${nicName} ${hostIp}`, W - 80, { mono: true, tone: 'orange', weight: true })));

  for (const col of columns) {
    const cx = x(col.key) ?? 0;
    const parts: string[] = [label(cx + 10, colTop + 20, col.title, colW - 20, { weight: true, tone: col.tone })];
    parts.push(label(cx + 10, colTop + 36, col.sub, colW - 20, { size: 11, tone: col.tone, mono: col.key.startsWith('net-') }));
    // Every network reaches the outside through the host's NIC (host mode is the NIC itself).
    if (col.key !== 'none') parts.push(arrow(arrowId, [cx + colW / 2, colTop], [cx + colW / 2, nicY + 36], { dashed: col.key !== 'host', both: col.key === 'host', tone: col.key === 'host' ? 'orange' : 'gray', id: `${id}-up-${col.key}` }));
    if (col.bridge) {
      parts.push(
        box({ x: cx + 8, y: colTop + 44, w: colW - 16, h: 44, tone: 'gray', id: `${id}-${slug(col.bridge.dev)}` },
          label(cx + 16, colTop + 58, col.bridge.dev, colW - 32, { mono: true, weight: true, size: 11 }),
          label(cx + 16, colTop + 71, col.bridge.gateway, colW - 32, { mono: true, size: 10 }),
          label(cx + 16, colTop + 83, col.bridge.subnet, colW - 32, { mono: true, size: 10 }),
        ),
      );
    } else if (col.key === 'host') {
      parts.push(label(cx + 10, colTop + 64, t.shares, colW - 20, { size: 11, tone: col.tone }));
    }
    const wired = col.members.slice(0, MAX_MEMBERS).map((m, i) => (m.running ? i : -1)).filter((i) => i >= 0);
    if (col.bridge && wired.length > 0) {
      const last = wired[wired.length - 1] as number;
      parts.push(el('path', { d: roundPath(`M${cx + 14},${colTop + 88}V${memberTop + last * (memberH + 10) + memberH / 2}`), class: 'pbd-line' }));
    }
    if (col.members.length === 0) parts.push(label(cx + 10, memberTop + 18, t.empty, colW - 20, { size: 11, tone: col.tone }));
    col.members.slice(0, MAX_MEMBERS).forEach((m, i) => {
      const my = memberTop + i * (memberH + 10);
      const lines: string[] = [];
      if (col.key === 'none') lines.push(t.lo);
      else if (col.key === 'host') lines.push(`${nicName} ${hostIp}`);
      else if (!m.running) lines.push(t.stopped);
      else {
        lines.push(m.ip ? `eth0 ${m.ip}/${m.prefix ?? 16}` : 'eth0 —');
        lines.push(m.veth ? `⇅ ${m.veth}` : '⇅ veth pair');
      }
      // A veth pair joins the container's eth0 to a port of the bridge.
      const bx = col.bridge ? cx + 22 : cx + 8;
      if (col.bridge && m.running) parts.push(arrow(arrowId, [cx + 14, my + memberH / 2], [bx, my + memberH / 2], { id: `${id}-veth-${slug(m.name)}` }));
      const bw = col.bridge ? colW - 30 : colW - 16;
      parts.push(
        box({ x: bx, y: my, w: bw, h: memberH, tone: 'gray', id: `${id}-${col.key}-${slug(m.name)}`, dashed: !m.running },
          dot(bx + 12, my + 16, 4.5, m.running ? 'green' : 'gray'),
          label(bx + 22, my + 20, m.name, bw - 30, { mono: true, weight: true }),
          ...lines.map((line, j) => label(bx + 8, my + 38 + j * 14, line, bw - 12, { mono: true, size: 10 })),
        ),
      );
    });
    if (col.members.length > MAX_MEMBERS) parts.push(label(cx + 10, colTop + colH - 8, fill(t.more, { n: col.members.length - MAX_MEMBERS }), colW - 20, { size: 11 }));
    body.push(box({ x: cx, y: colTop, w: colW, h: colH, tone: col.tone, id: `${id}-col-${col.key}` }, ...parts));
  }

  // DNAT paths of published ports.
  body.push(label(16, dnatTop + 14, t.dnat, W - 32, { weight: true }));
  if (ports.length === 0) body.push(label(16, dnatTop + 36, t.dnatNone, W - 32, { size: 11, cls: 'pbd-muted' }));
  ports.slice(0, 3).forEach((p, i) => {
    const y = dnatTop + 26 + i * 44;
    const steps = [`${nicName} ${hostIp.split('/')[0]}:${p.hostPort}`, t.chain, `DNAT → ${p.rule ?? `${p.ip}:${p.port}`}`, `${p.name} eth0:${p.port}/${p.proto}`];
    const sx = scaleBand<number>().domain([0, 1, 2, 3]).range([16, W - 16]).paddingInner(0.08);
    steps.forEach((s, j) => {
      const bx = sx(j) ?? 0;
      const tone: Tone = j === 0 ? 'orange' : j === 3 ? 'green' : 'red';
      body.push(box({ x: bx, y, w: sx.bandwidth(), h: 32, tone, id: `${id}-port-${slug(p.name)}-${p.hostPort}-${j}` }, label(bx + 8, y + 20, s, sx.bandwidth() - 16, { mono: true, size: 10.5, tone })));
      if (j > 0) body.push(arrow(arrowId, [(sx(j - 1) ?? 0) + sx.bandwidth(), y + 16], [bx, y + 16]));
    });
  });
  if (isStatic) body.push(label(16, height - 12, t.static, W - 32, { size: 11, cls: 'pbd-muted' }));

  let desc: string;
  if (isStatic) desc = t.descStatic;
  else {
    const list = (ms: Member[]): string => (ms.length ? ms.map((m) => (m.ip ? `${m.name} ${m.ip}` : m.name)).join(', ') : t.descEmpty);
    const parts = [fill(t.desc, { host, ip: hostIp })];
    for (const col of columns) {
      if (col.key === 'none') parts.push(fill(t.descNone, { list: list(col.members) }));
      else if (col.key === 'host') parts.push(fill(t.descHost, { list: list(col.members) }));
      else if (col.bridge) parts.push(fill(t.descBridge, { name: col.sub, dev: col.bridge.dev, subnet: col.bridge.subnet, gw: col.bridge.gateway, list: list(col.members) }));
    }
    for (const p of ports) parts.push(fill(t.descPort, { hostPort: p.hostPort, ip: p.rule ? p.rule.split(':')[0] ?? p.ip : p.ip, port: p.port, name: p.name }));
    desc = parts.join(' ');
  }
  return frame({ id, name: 'network-models', width: W, height, title: fill(t.title, { host }), desc, isStatic, body: body.join('') });
}

export default networkModels;
