/**
 * Docker's network models on one host, from the lab: containers with no network (`none`, only
 * loopback), on the host's own stack (`host`), on the default bridge docker0 and on user-defined
 * bridges, each with its address and the veth pair that joins it to its bridge; and, for every
 * published port, the DNAT path a connection to the host's port takes to the container.
 */
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
import { flow } from './shared/layout.ts';
import { arrow, box, dot, label, lineHeight, lines, roundPath } from './shared/shapes.ts';
import { el, slug } from './shared/svg.ts';
import { textWidth, widest, wrap } from './shared/text.ts';
import { FONT, type Tone } from './shared/theme.ts';
import { fill, layoutWidth, strings, type DiagramOptions } from './shared/types.ts';

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
    descPort: 'Port {hostPort} on the host ({addr}) is forwarded by DNAT to {ip}:{port} in container {name}.',
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
    descPort: '主机的 {hostPort} 端口（{addr}）经 DNAT 转发到容器 {name} 的 {ip}:{port}。',
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

const MAX_MEMBERS = 4;
/** Bold text is this much wider than the estimate for regular text. */
const BOLD = 1.08;
const MAX_PORTS = 3;

export function networkModels(state: LabState, opts: DiagramOptions = {}): string {
  const t = strings(T, opts.locale);
  const id = opts.id ?? 'network-models';
  const W = layoutWidth(opts);
  const host = opts.host ?? defaultHost(state);
  const engine = engineOf(state, host);
  const isStatic = engine === undefined;
  const { columns, ports } = engine ? fromEngine(state, host, engine, t) : { columns: STATIC_COLUMNS(t), ports: [{ name: 'web', hostPort: '8080', ip: '172.17.0.2', port: '80', proto: 'tcp' }] };
  const net = netOf(state, host);
  const root = net ? Object.values(net).find((n) => n.id === 4026531956) : undefined;
  const nic = linksOf(root).find((l) => l.kind === 'ether');
  const hostIp = nic?.addrs[0] ? `${nic.addrs[0].ip}/${nic.addrs[0].prefix}` : (state?.hosts[host]?.ip ?? '192.168.81.10') + '/24';
  const nicName = nic?.name ?? 'ens33';
  const arrowId = `${id}-arrow`;
  const S = FONT.small;
  const LH = lineHeight(FONT.body);
  const LHS = lineHeight(S);

  // Geometry: the host frame, the NIC across it, then one band per network model, one under the
  // other (they read the same at any width); a bus on the left takes bridged traffic up to the NIC.
  const margin = 12;
  const hostX = margin;
  const hostW = W - 2 * margin;
  const busX = hostX + 18;
  const bandX = hostX + 32;
  const bandW = hostX + hostW - 12 - bandX;
  const inner = bandW - 24;

  const body: string[] = [];
  const title = lines(margin, 24, fill(t.title, { host }), W - 2 * margin, { weight: true, size: FONT.heading });
  body.push(title.svg);
  const top = 24 + (title.count - 1) * lineHeight(FONT.heading) + 14;
  const hostLabel = lines(hostX + 12, top + 20, fill(t.host, { host, ns: 4026531956 }), hostW - 24, { weight: true });
  const nicY = top + 20 + hostLabel.count * LH;
  const nicText = lines(hostX + 24, nicY + 22, `${nicName} ${hostIp}`, hostW - 48, { mono: true, tone: 'orange', weight: true });
  const nicH = 14 + nicText.count * LH;

  // Member cards: one width for all, as wide as the widest line (the band's width at most).
  const cardLines = (col: Column, m: Member): string[] => {
    if (col.key === 'none') return [t.lo];
    if (col.key === 'host') return [`${nicName} ${hostIp}`];
    if (!m.running) return [t.stopped];
    return [m.ip ? `eth0 ${m.ip}/${m.prefix ?? 16}` : 'eth0 —', m.veth ? `⇅ ${m.veth}` : '⇅ veth pair'];
  };
  const allMembers = columns.flatMap((c) => c.members.slice(0, MAX_MEMBERS).map((m) => ({ c, m })));
  const cardW = Math.min(inner - 8, Math.max(150, ...allMembers.map(({ c, m }) => Math.max(textWidth(m.name, FONT.body, true) + 34, widest(cardLines(c, m), S, true) + 20))));

  let y = nicY + nicH + 18;
  const bands: string[] = [];
  const links: string[] = [];
  let busEnd = -1;
  for (const col of columns) {
    const bandTop = y;
    const parts: string[] = [];
    const x0 = bandX + 12;
    // The model's name, and beside it (or under it, where there is no room) what it is.
    const titleW = textWidth(col.title, FONT.body) * BOLD;
    const subMono = col.key.startsWith('net-');
    let cy = bandTop + 20;
    if (titleW + 10 + textWidth(col.sub, S, subMono) <= inner) {
      parts.push(label(x0, cy, col.title, inner, { weight: true, tone: col.tone }), label(x0 + titleW + 10, cy, col.sub, inner, { size: S, tone: col.tone, mono: subMono }));
    } else {
      const head = lines(x0, cy, col.title, inner, { weight: true, tone: col.tone });
      cy += (head.count - 1) * LH;
      const sub = lines(x0, cy + LHS + 2, col.sub, inner, { size: S, tone: col.tone, mono: subMono });
      parts.push(head.svg, sub.svg);
      cy += sub.count * LHS + 2;
    }
    cy += 12;
    const headerY = bandTop + 15;
    // How this network reaches the outside: host mode is the NIC itself; a bridge goes through NAT.
    if (col.key === 'host') {
      const rx = hostX + hostW - 6;
      links.push(el('path', { d: roundPath(`M${bandX + bandW},${headerY}H${rx}V${nicY + nicH}`), class: 'pbd-line pbd-stroke-orange', 'marker-end': `url(#${arrowId})`, 'marker-start': `url(#${arrowId})`, id: `${id}-up-${col.key}` }));
    } else if (col.key !== 'none') {
      links.push(el('path', { d: roundPath(`M${bandX},${headerY}H${busX}`), class: 'pbd-line pbd-dashed', id: `${id}-up-${col.key}` }));
      busEnd = Math.max(busEnd, headerY);
    }
    if (col.key === 'host') {
      const shares = lines(x0, cy + LHS - 4, t.shares, inner, { size: S, tone: col.tone });
      parts.push(shares.svg);
      cy += shares.count * LHS + 2;
    }
    // The bridge device: beside the containers where the band is wide enough, else above them.
    let wire: { x: number; y: number } | undefined;
    let cardsX = x0;
    let bridgeBottom = cy;
    if (col.bridge) {
      const info = `${col.bridge.gateway} · ${col.bridge.subnet}`;
      const infoLines = textWidth(info, S, true) + 20 <= inner ? [info] : [col.bridge.gateway, col.bridge.subnet].flatMap((v) => wrap(v, inner - 20, S, true));
      const bw = Math.min(inner, Math.max(textWidth(col.bridge.dev, S, true), widest(infoLines, S, true)) + 20);
      const bh = 12 + LHS * (1 + infoLines.length);
      parts.push(
        box({ x: x0, y: cy, w: bw, h: bh, tone: 'gray', id: `${id}-${slug(col.bridge.dev)}` },
          label(x0 + 10, cy + 6 + LHS - 3, col.bridge.dev, bw - 20, { mono: true, weight: true, size: S }),
          ...infoLines.map((line, i) => label(x0 + 10, cy + 6 + LHS * (i + 2) - 3, line, bw - 20, { mono: true, size: S })),
        ),
      );
      bridgeBottom = cy + bh;
      if (col.members.length > 0 && bw + 40 + cardW <= inner) {
        cardsX = x0 + bw + 40;
        cy += 7;
        wire = { x: cardsX - 16, y: cy + 7 };
        parts.push(el('path', { d: roundPath(`M${x0 + bw},${wire.y}H${wire.x}`), class: 'pbd-line' }));
      } else {
        cardsX = x0 + 14;
        wire = { x: x0 + 14, y: cy + bh };
        cy += bh + 16;
      }
    }
    if (col.members.length === 0) {
      const empty = lines(x0, cy + LHS - 4, t.empty, inner, { size: S, tone: col.tone });
      parts.push(empty.svg);
      cy += empty.count * LHS + 4;
    }
    const shown = col.members.slice(0, MAX_MEMBERS);
    const sizes = shown.map((m) => {
      const nameLines = wrap(m.name, cardW - 34, FONT.body, true);
      return { w: cardW, h: 12 + nameLines.length * LH + cardLines(col, m).length * LHS + 4 };
    });
    const placed = flow(sizes, cardsX, cy, x0 + inner - cardsX, 12, 14);
    // A veth pair joins each running container's eth0 to a port of its bridge: a wire down from the
    // bridge, a branch along each row of cards, and a short drop into every running card.
    if (wire && shown.some((m) => m.running)) {
      const rows = new Map<number, { y: number; last: number }>();
      placed.boxes.forEach((b, i) => {
        if (!shown[i]?.running) return;
        const r = rows.get(b.row);
        const cx = b.x + 18;
        rows.set(b.row, { y: b.y - 7, last: Math.max(r?.last ?? 0, cx) });
      });
      const lowest = Math.max(...[...rows.values()].map((r) => r.y));
      const w = wire;
      parts.push(el('path', { d: roundPath(`M${w.x},${w.y}V${lowest}`), class: 'pbd-line' }));
      for (const r of rows.values()) parts.push(el('path', { d: roundPath(`M${w.x},${r.y}H${r.last}`), class: 'pbd-line' }));
    }
    shown.forEach((m, i) => {
      const b = placed.boxes[i] as (typeof placed.boxes)[number];
      if (col.bridge && m.running) parts.push(arrow(arrowId, [b.x + 18, b.y - 7], [b.x + 18, b.y], { id: `${id}-veth-${slug(m.name)}` }));
      const nameLines = wrap(m.name, cardW - 34, FONT.body, true);
      const rows = cardLines(col, m);
      const nameY = b.y + 6 + LH - 3;
      parts.push(
        box({ x: b.x, y: b.y, w: b.w, h: b.h, tone: 'gray', id: `${id}-${col.key}-${slug(m.name)}`, dashed: !m.running },
          dot(b.x + 12, nameY - 4.5, 4.5, m.running ? 'green' : 'gray'),
          ...nameLines.map((line, j) => label(b.x + 24, nameY + j * LH, line, b.w - 34, { mono: true, weight: true })),
          ...rows.map((line, j) => label(b.x + 10, nameY + (nameLines.length - 1) * LH + LHS * (j + 1) + 2, line, b.w - 20, { mono: true, size: S })),
        ),
      );
    });
    cy = Math.max(cy + placed.height + (shown.length ? 10 : 0), bridgeBottom + 10);
    if (col.members.length > MAX_MEMBERS) {
      parts.push(label(x0, cy + LHS - 4, fill(t.more, { n: col.members.length - MAX_MEMBERS }), inner, { size: S, tone: col.tone }));
      cy += LHS + 4;
    }
    const bandH = cy - bandTop + 4;
    bands.push(box({ x: bandX, y: bandTop, w: bandW, h: bandH, tone: col.tone, id: `${id}-col-${col.key}` }, ...parts));
    y = bandTop + bandH + 12;
  }
  const hostH = y - top + 2;
  body.push(box({ x: hostX, y: top, w: hostW, h: hostH, dashed: true, id: `${id}-host` }, hostLabel.svg));
  body.push(box({ x: hostX + 12, y: nicY, w: hostW - 24, h: nicH, tone: 'orange', id: `${id}-${slug(nicName)}` }, nicText.svg));
  if (busEnd > 0) body.push(el('path', { d: roundPath(`M${busX},${busEnd}V${nicY + nicH}`), class: 'pbd-line pbd-dashed', 'marker-end': `url(#${arrowId})`, id: `${id}-nat` }));
  body.push(...links, ...bands);

  // DNAT paths of published ports: four steps that wrap onto more rows where the width runs out.
  let dy = top + hostH + 26;
  const dnatHead = lines(margin, dy, t.dnat, W - 2 * margin, { weight: true });
  body.push(dnatHead.svg);
  dy += (dnatHead.count - 1) * LH + 12;
  if (ports.length === 0) {
    const none = lines(margin, dy + LHS, t.dnatNone, W - 2 * margin, { size: S, cls: 'pbd-muted' });
    body.push(none.svg);
    dy += none.count * LHS + 8;
  }
  ports.slice(0, MAX_PORTS).forEach((p) => {
    const steps = [`${nicName} ${hostIp.split('/')[0]}:${p.hostPort}`, t.chain, `DNAT → ${p.rule ?? `${p.ip}:${p.port}`}`, `${p.name} eth0:${p.port}/${p.proto}`];
    const maxW = W - 2 * margin;
    const stepLines = steps.map((s) => wrap(s, maxW - 16, S, true));
    const placed = flow(stepLines.map((ls) => ({ w: Math.min(maxW, widest(ls, S, true) + 16), h: 10 + ls.length * LHS })), margin, dy, maxW, 22, 16);
    placed.boxes.forEach((b, j) => {
      const tone: Tone = j === 0 ? 'orange' : j === 3 ? 'green' : 'red';
      body.push(box({ x: b.x, y: b.y, w: b.w, h: b.h, tone, id: `${id}-port-${slug(p.name)}-${p.hostPort}-${j}` }, ...(stepLines[j] ?? []).map((line, k) => label(b.x + 8, b.y + 5 + LHS * (k + 1) - 4, line, b.w - 16, { mono: true, size: S, tone }))));
      const prev = placed.boxes[j - 1];
      if (!prev) return;
      if (prev.row === b.row) body.push(arrow(arrowId, [prev.x + prev.w, b.y + b.h / 2], [b.x, b.y + b.h / 2]));
      else {
        // Onto the next row: down from the last step, back along the gap, down into the next one.
        const mid = b.y - 8;
        const from = prev.x + Math.min(prev.w / 2, 40);
        const to = b.x + Math.min(b.w / 2, 40);
        body.push(el('path', { d: roundPath(`M${from},${prev.y + prev.h}V${mid}H${to}V${b.y}`), class: 'pbd-line', 'marker-end': `url(#${arrowId})` }));
      }
    });
    dy += placed.height + 14;
  });
  if (ports.length > MAX_PORTS) {
    body.push(label(margin, dy + LHS - 6, fill(t.more, { n: ports.length - MAX_PORTS }), W - 2 * margin, { size: S, cls: 'pbd-muted' }));
    dy += LHS + 4;
  }
  if (isStatic) {
    const note = lines(margin, dy + LHS, t.static, W - 2 * margin, { size: S, cls: 'pbd-muted' });
    body.push(note.svg);
    dy += note.count * LHS + 6;
  }
  const height = dy + 4;

  let desc: string;
  if (isStatic) desc = t.descStatic;
  else {
    // Each container as drawn: its name, eth0's address and the host end of its veth pair.
    const list = (ms: Member[]): string => (ms.length ? ms.map((m) => [m.name, m.ip ? `eth0 ${m.ip}/${m.prefix ?? 16}` : '', m.veth ?? ''].filter(Boolean).join(' ')).join(', ') : t.descEmpty);
    const parts = [fill(t.desc, { host, ip: hostIp })];
    for (const col of columns) {
      if (col.key === 'none') parts.push(fill(t.descNone, { list: list(col.members) }));
      else if (col.key === 'host') parts.push(fill(t.descHost, { list: list(col.members) }));
      else if (col.bridge) parts.push(fill(t.descBridge, { name: col.sub, dev: col.bridge.dev, subnet: col.bridge.subnet, gw: col.bridge.gateway, list: list(col.members) }));
    }
    for (const p of ports) parts.push(fill(t.descPort, { hostPort: p.hostPort, addr: `${nicName} ${hostIp.split('/')[0]}:${p.hostPort}`, ip: p.rule ? p.rule.split(':')[0] ?? p.ip : p.ip, port: p.port, name: p.name }));
    desc = parts.join(' ');
  }
  return frame({ id, name: 'network-models', width: W, height, title: fill(t.title, { host }), desc, isStatic, body: body.join('') });
}

export default networkModels;
