/**
 * Docker's architecture as the lab has it: the `docker` client talks to the daemon (dockerd) over
 * the Engine REST API on a Unix socket; dockerd hands containers to containerd, whose shim starts
 * each one with runc; images come from a registry (Docker Hub). The containers and images drawn
 * are the lab's own; with no engine state yet, an example (marked as such) stands in.
 */
import { frame } from './shared/frame.ts';
import { containerName, containersOldestFirst, defaultHost, engineOf, humanSize, imageLabel, imagesByName, shortHex, type LabState } from './shared/lab.ts';
import { flow } from './shared/layout.ts';
import { arrow, box, dot, label, lineHeight, lines, roundPath } from './shared/shapes.ts';
import { el, group, slug } from './shared/svg.ts';
import { textWidth, wrap } from './shared/text.ts';
import { FONT, type Tone } from './shared/theme.ts';
import { fill, layoutWidth, strings, type DiagramOptions } from './shared/types.ts';

const T = {
  en: {
    title: 'Docker architecture',
    client: 'Client',
    host: 'Docker host: {host}',
    daemon: 'Docker daemon (dockerd)',
    api: 'REST API',
    socket: 'unix:///var/run/docker.sock',
    descRegistry: 'Registry repositories the images came from: {list}.',
    containers: 'Containers',
    images: 'Images',
    registry: 'Registry',
    hub: 'Docker Hub',
    none: '(none yet)',
    more: '+{n} more',
    pull: 'pull',
    push: 'push',
    example: 'Example only: the lab has no Docker engine state yet.',
    desc: 'The docker client sends each command as a REST API request over the Unix socket /var/run/docker.sock to the Docker daemon dockerd on host {host}. dockerd manages images, containers, networks and volumes; it hands containers to containerd, whose shim starts each one with runc. Images are pulled from and pushed to a registry, by default Docker Hub.',
    descImages: 'Images on the host: {list}.',
    descContainers: 'Containers: {list}.',
    descNoImages: 'There are no images on the host yet.',
    descNoContainers: 'There are no containers yet.',
    descExample: 'No Docker engine state is available in this lab yet, so the images and containers shown are an example.',
    status: { running: 'running', exited: 'exited', created: 'created', paused: 'paused', restarting: 'restarting', dead: 'dead', removing: 'removing' } as Record<string, string>,
    from: 'from {image}',
  },
  'zh-cn': {
    title: 'Docker 架构',
    client: '客户端',
    host: 'Docker 主机：{host}',
    daemon: 'Docker 守护进程 (dockerd)',
    api: 'REST API',
    socket: 'unix:///var/run/docker.sock',
    descRegistry: '镜像来自镜像仓库中的这些仓库：{list}。',
    containers: '容器',
    images: '镜像',
    registry: '镜像仓库',
    hub: 'Docker Hub',
    none: '（暂无）',
    more: '还有 {n} 个',
    pull: 'pull',
    push: 'push',
    example: '仅为示例：实验环境中还没有 Docker 引擎的状态。',
    desc: 'docker 客户端把每条命令作为 REST API 请求，经 Unix 套接字 /var/run/docker.sock 发给主机 {host} 上的 Docker 守护进程 dockerd。dockerd 管理镜像、容器、网络和卷；它把容器交给 containerd，由 containerd 的 shim 调用 runc 启动每个容器。镜像从镜像仓库（默认是 Docker Hub）拉取，也推送到那里。',
    descImages: '主机上的镜像：{list}。',
    descContainers: '容器：{list}。',
    descNoImages: '主机上还没有镜像。',
    descNoContainers: '还没有容器。',
    descExample: '这个实验环境中还没有 Docker 引擎的状态，所以图中的镜像和容器只是示例。',
    status: { running: '运行中', exited: '已退出', created: '已创建', paused: '已暂停', restarting: '重启中', dead: '已死亡', removing: '删除中' } as Record<string, string>,
    from: '来自 {image}',
  },
};

interface Row {
  key: string;
  /** The name, bold; several names (an image's tags) one a line. */
  main: string;
  sub: string;
  tone: Tone;
}

const STATUS_TONE: Record<string, Tone> = { running: 'green', paused: 'orange', restarting: 'orange', created: 'blue', exited: 'gray', dead: 'red', removing: 'red' };

const MAX_ROWS = 6;
const MAX_REPOS = 7;

type Strings = (typeof T)['en'];

/** A panel's rows (images, or containers with a status light): a name and a line under it, wrapped. */
function panelRows(t: Strings, id: string, panel: { x: number; y: number; w: number }, items: Row[], isContainer: boolean): { svg: string; h: number } {
  const LH = lineHeight(FONT.body);
  const LHS = lineHeight(FONT.small);
  const out: string[] = [];
  const x = panel.x + (isContainer ? 26 : 12);
  const w = panel.x + panel.w - 10 - x;
  let y = panel.y + 20 + 10;
  if (items.length === 0) {
    const none = lines(panel.x + 12, y + LH - 2, t.none, panel.w - 24, { cls: 'pbd-muted' });
    out.push(none.svg);
    y += none.count * LH + 6;
  }
  const shown = items.length > MAX_ROWS ? items.slice(0, MAX_ROWS - 1) : items;
  for (const row of shown) {
    // One line per name (an image's tags), each wrapped on its own.
    const main = row.main.split('\n').flatMap((name) => wrap(name, w, FONT.body, true));
    const sub = wrap(row.sub, w, FONT.small);
    const base = y + LH - 2;
    out.push(
      group(
        { id: `${id}-${row.key}` },
        isContainer ? dot(panel.x + 14, base - 4.5, 4.5, row.tone) : '',
        ...main.map((line, i) => label(x, base + i * LH, line, w, { mono: true, weight: true })),
        ...sub.map((line, i) => label(x, base + (main.length - 1) * LH + LHS * (i + 1), line, w, { size: FONT.small, cls: 'pbd-muted' })),
      ),
    );
    y += main.length * LH + sub.length * LHS + 8;
  }
  if (items.length > shown.length) {
    out.push(label(panel.x + 12, y + LHS - 2, fill(t.more, { n: items.length - shown.length }), panel.w - 24, { size: FONT.small, cls: 'pbd-muted' }));
    y += LHS + 4;
  }
  return { svg: out.join(''), h: y - panel.y + 6 };
}

interface Parts {
  t: Strings;
  id: string;
  host: string;
  engineKnown: boolean;
  containers: Row[];
  images: Row[];
  repos: string[];
  W: number;
}

/**
 * A phone's column: the same parts one under the other, in the order a command travels. The client,
 * the REST API down to dockerd, the runtime chain, the containers it starts, the images they run
 * from, and the registry under the images it pulls and pushes.
 */
function narrowDrawing(p: Parts): { body: string; height: number } {
  const { t, id, W } = p;
  const S = FONT.small;
  const LH = lineHeight(FONT.body);
  const LHS = lineHeight(S);
  const margin = 12;
  const arrowId = `${id}-arrow`;
  const body: string[] = [];
  const full = W - 2 * margin;
  const mid = margin + 40;

  const commands = ['docker build', 'docker pull', 'docker run'];
  const client = { x: margin, y: 12, w: full, h: 14 + LH + 6 + commands.length * LH };
  body.push(
    box({ ...client, tone: 'blue', id: `${id}-client` },
      label(client.x + 12, client.y + 22, t.client, client.w - 24, { tone: 'blue', weight: true }),
      ...commands.map((c, i) => label(client.x + 12, client.y + 22 + LH + 6 + i * LH, c, client.w - 24, { mono: true, tone: 'blue' })),
    ),
  );
  // The REST API on its socket, left of the arrow down to dockerd (at the right, clear of the host's name).
  let y = client.y + client.h;
  const apiArrow = W - margin - 36;
  body.push(label(margin + 12, y + LHS + 2, t.api, apiArrow - margin - 20, { size: S, weight: true }));
  const sock = lines(margin + 12, y + 2 * LHS + 2, t.socket, apiArrow - margin - 20, { size: S, mono: true, cls: 'pbd-muted' });
  body.push(sock.svg);
  const hostTop = y + (sock.count + 1) * LHS + 14;
  const hx = margin + 12;
  const hw = full - 24;
  const hostLabel = lines(hx, hostTop + 20, fill(t.host, { host: p.host }), apiArrow - 10 - hx, { weight: true });
  y = hostTop + 20 + hostLabel.count * LH - 4;
  const daemonLines = wrap(t.daemon, hw - 20, FONT.body);
  const engineLines = wrap('Engine API 1.50 · Docker 28.2.2', hw - 20, S);
  const daemon = { x: hx, y, w: hw, h: 12 + daemonLines.length * LH + engineLines.length * LHS };
  body.push(
    box({ ...daemon, tone: 'accent', id: `${id}-dockerd` },
      ...daemonLines.map((line, i) => label(daemon.x + daemon.w / 2, daemon.y + 4 + LH * (i + 1) - 2, line, daemon.w - 20, { tone: 'accent', weight: true, anchor: 'middle' })),
      ...engineLines.map((line, i) => label(daemon.x + daemon.w / 2, daemon.y + 4 + daemonLines.length * LH + LHS * (i + 1) - 2, line, daemon.w - 20, { tone: 'accent', size: S, anchor: 'middle' })),
    ),
  );
  body.push(arrow(arrowId, [apiArrow, client.y + client.h], [apiArrow, daemon.y], { id: `${id}-api` }));
  // containerd -> shim -> runc, in as many rows as it takes.
  const chain = ['containerd', 'containerd-shim', 'runc'];
  const chainTop = daemon.y + daemon.h + 24;
  const placed = flow(chain.map((n) => ({ w: textWidth(n, S, true) + 20, h: 14 + LHS })), hx, chainTop, hw, 24, 18);
  placed.boxes.forEach((b, i) => {
    const name = chain[i] as string;
    body.push(box({ ...b, tone: 'gray', id: `${id}-${slug(name)}` }, label(b.x + b.w / 2, b.y + 7 + LHS - 4, name, b.w - 8, { mono: true, anchor: 'middle', size: S })));
    const prev = placed.boxes[i - 1];
    if (!prev) return;
    if (prev.row === b.row) body.push(arrow(arrowId, [prev.x + prev.w, b.y + b.h / 2], [b.x, b.y + b.h / 2]));
    else body.push(el('path', { d: roundPath(`M${prev.x + prev.w / 2},${prev.y + prev.h}V${b.y - 8}H${b.x + b.w / 2}V${b.y}`), class: 'pbd-line', 'marker-end': `url(#${arrowId})` }));
  });
  const first = placed.boxes[0] as (typeof placed.boxes)[number];
  const runc = placed.boxes[2] as (typeof placed.boxes)[number];
  body.push(arrow(arrowId, [first.x + first.w / 2, daemon.y + daemon.h], [first.x + first.w / 2, chainTop], { id: `${id}-grpc` }));
  // Containers, then the images they run from.
  const cPanel = { x: hx, y: chainTop + placed.height + 30, w: hw };
  const cList = panelRows(t, id, cPanel, p.containers, true);
  body.push(box({ ...cPanel, h: cList.h, tone: 'gray', id: `${id}-containers` }, label(cPanel.x + 12, cPanel.y + 20, `${t.containers} (${p.engineKnown ? p.containers.length : '…'})`, cPanel.w - 24, { weight: true }), cList.svg));
  body.push(arrow(arrowId, [runc.x + runc.w / 2, runc.y + runc.h], [runc.x + runc.w / 2, cPanel.y], { id: `${id}-starts` }));
  const iPanel = { x: hx, y: cPanel.y + cList.h + 30, w: hw };
  const iList = panelRows(t, id, iPanel, p.images, false);
  body.push(box({ ...iPanel, h: iList.h, tone: 'gray', id: `${id}-images` }, label(iPanel.x + 12, iPanel.y + 20, `${t.images} (${p.engineKnown ? p.images.length : '…'})`, iPanel.w - 24, { weight: true }), iList.svg));
  body.push(arrow(arrowId, [mid, iPanel.y], [mid, cPanel.y + cList.h], { dashed: true, id: `${id}-run-from` }));
  const hostH = iPanel.y + iList.h + 12 - hostTop;
  body.unshift(box({ x: margin, y: hostTop, w: full, h: hostH, dashed: true, id: `${id}-host` }, hostLabel.svg));
  // The registry under the host, pulled from and pushed to.
  const regTop = hostTop + hostH + 40;
  body.push(label(mid + 14, regTop - 22, 'docker pull', full, { size: S, mono: true }), label(mid + 14, regTop - 22 + LHS, 'docker push', full, { size: S, mono: true }));
  body.push(arrow(arrowId, [mid, regTop], [mid, iPanel.y + iList.h], { tone: 'orange', both: true, id: `${id}-pull-push` }));
  const shownRepos = p.repos.slice(0, MAX_REPOS);
  const repoLines = shownRepos.flatMap((r) => wrap(r, full - 20, FONT.body, true));
  const reg = { x: margin, y: regTop, w: full, h: 20 + 10 + repoLines.length * LH + 8 };
  body.push(
    box({ ...reg, tone: 'orange', id: `${id}-registry` },
      label(reg.x + 10, reg.y + 20, t.registry, reg.w - 20, { tone: 'orange', weight: true }),
      ...repoLines.map((line, i) => label(reg.x + 10, reg.y + 20 + 10 + LH * (i + 1) - 4, line, reg.w - 20, { mono: true, tone: 'orange' })),
    ),
  );
  body.push(label(margin, reg.y + reg.h + LHS + 2, `${t.hub} · docker.io`, full, { size: S, cls: 'pbd-muted' }));
  let height = reg.y + reg.h + LHS + 12;
  if (!p.engineKnown) {
    const note = lines(margin, height + LHS - 4, t.example, full, { size: S, cls: 'pbd-muted' });
    body.push(note.svg);
    height += note.count * LHS + 4;
  }
  return { body: body.join(''), height };
}

export function dockerArchitecture(state: LabState, opts: DiagramOptions = {}): string {
  const t = strings(T, opts.locale);
  const id = opts.id ?? 'docker-architecture';
  const W = layoutWidth(opts);
  const host = opts.host ?? defaultHost(state);
  const engine = engineOf(state, host);
  const isStatic = engine === undefined;
  const statusText = (s: string): string => t.status[s] ?? s;
  const S = FONT.small;
  const LH = lineHeight(FONT.body);
  const LHS = lineHeight(S);

  const containers: Row[] = engine
    ? containersOldestFirst(engine).map((c) => ({
        key: `c-${slug(containerName(c))}`,
        main: containerName(c),
        sub: `${statusText(c.state.status)}${c.state.status === 'exited' ? ` (${c.state.exitCode})` : ''} · ${fill(t.from, { image: c.image })}`,
        tone: STATUS_TONE[c.state.status] ?? 'gray',
      }))
    : [{ key: 'c-example-web', main: 'web', sub: `${statusText('running')} · ${fill(t.from, { image: 'httpd' })}`, tone: 'green' }];
  const images: Row[] = engine
    ? imagesByName(engine).map((i) => ({ key: `i-${slug(imageLabel(i))}`, main: i.repoTags.length > 1 ? i.repoTags.join('\n') : imageLabel(i), sub: `${shortHex(i.id)} · ${humanSize(i.size)}`, tone: 'purple' }))
    : [
        { key: 'i-example-httpd', main: 'httpd:latest', sub: 'example', tone: 'purple' },
        { key: 'i-example-centos', main: 'centos:latest', sub: 'example', tone: 'purple' },
      ];
  const hubRepos = new Set<string>();
  if (engine) {
    for (const i of Object.values(engine.images)) for (const d of i.repoDigests) hubRepos.add(d.slice(0, d.indexOf('@')));
  }
  const repos = hubRepos.size > 0 ? [...hubRepos].sort() : ['httpd', 'nginx', 'centos', 'busybox', 'registry'];
  const arrowId = `${id}-arrow`;
  // Text alternative.
  const descParts = [fill(t.desc, { host })];
  if (isStatic) descParts.push(t.descExample);
  else {
    const eng = engine as NonNullable<typeof engine>;
    const imgs = imagesByName(eng);
    const cons = containersOldestFirst(eng);
    descParts.push(imgs.length ? fill(t.descImages, { list: imgs.map((i) => `${i.repoTags.length > 1 ? i.repoTags.join(' ') : imageLabel(i)} (${shortHex(i.id)}, ${humanSize(i.size)})`).join(', ') }) : t.descNoImages);
    descParts.push(cons.length ? fill(t.descContainers, { list: cons.map((c) => `${containerName(c)} (${statusText(c.state.status)}, ${fill(t.from, { image: c.image })})`).join(', ') }) : t.descNoContainers);
    descParts.push(fill(t.descRegistry, { list: repos.join(', ') }));
  }
  const drawing = (body: string, height: number): string => frame({ id, name: 'docker-architecture', width: W, height, title: t.title, desc: descParts.join(' '), isStatic, body });
  if (W < 560) {
    const narrow = narrowDrawing({ t, id, host, engineKnown: !isStatic, containers, images, repos, W });
    return drawing(narrow.body, narrow.height);
  }

  // Columns: client and registry on the left, the Docker host on the right.
  const margin = 12;
  const colW = 150;
  const hostX = margin + colW + 30;
  const hostW = W - margin - hostX;
  const hx = hostX + 14;
  const hw = hostW - 28;
  const body: string[] = [];

  // Client.
  const client = { x: margin, y: 46, w: colW, h: 14 + LH + 6 + 3 * LH + 4 };
  const commands = ['docker build', 'docker pull', 'docker run'];
  body.push(
    box({ ...client, tone: 'blue', id: `${id}-client` },
      label(client.x + 12, client.y + 22, t.client, client.w - 24, { tone: 'blue', weight: true }),
      ...commands.map((c, i) => label(client.x + 12, client.y + 22 + LH + 6 + i * LH, c, client.w - 24, { mono: true, tone: 'blue' })),
    ),
  );
  // The REST API on its socket, under the client.
  let ly = client.y + client.h + 20;
  body.push(label(margin, ly, t.api, colW, { size: S, weight: true }));
  const sock = lines(margin, ly + LHS, t.socket, colW, { size: S, mono: true, cls: 'pbd-muted' });
  body.push(sock.svg);
  ly += sock.count * LHS;

  // Host frame: dockerd, the runtime chain, then images and containers.
  const daemon = { x: hx, y: 46, w: hw, h: 14 + LH + LHS };
  body.push(
    box({ ...daemon, tone: 'accent', id: `${id}-dockerd` },
      label(daemon.x + daemon.w / 2, daemon.y + 6 + LH - 2, t.daemon, daemon.w - 20, { tone: 'accent', weight: true, anchor: 'middle' }),
      label(daemon.x + daemon.w / 2, daemon.y + 6 + LH + LHS - 1, 'Engine API 1.50 · Docker 28.2.2', daemon.w - 20, { tone: 'accent', size: S, anchor: 'middle' }),
    ),
  );
  body.push(arrow(arrowId, [client.x + client.w, client.y + 30], [daemon.x, daemon.y + daemon.h / 2], { curve: 'h', id: `${id}-api` }));
  // containerd -> shim -> runc, spread across the host.
  const chain = ['containerd', 'containerd-shim', 'runc'];
  const chainY = daemon.y + daemon.h + 30;
  const chainH = 14 + LHS;
  const widths = chain.map((n) => textWidth(n, S, true) + 20);
  const gap = (hw - widths.reduce((a, b) => a + b, 0)) / (chain.length - 1);
  let cx = hx;
  const chainBox = chain.map((_, i) => {
    const b = { x: cx, y: chainY, w: widths[i] as number, h: chainH };
    cx += b.w + gap;
    return b;
  });
  chain.forEach((name, i) => {
    const b = chainBox[i] as (typeof chainBox)[number];
    body.push(box({ ...b, tone: 'gray', id: `${id}-${slug(name)}` }, label(b.x + b.w / 2, b.y + 7 + LHS - 4, name, b.w - 8, { mono: true, anchor: 'middle', size: S })));
    const prev = chainBox[i - 1];
    if (prev) body.push(arrow(arrowId, [prev.x + prev.w, b.y + b.h / 2], [b.x, b.y + b.h / 2]));
  });
  const cd = chainBox[0] as (typeof chainBox)[number];
  body.push(arrow(arrowId, [cd.x + cd.w / 2, daemon.y + daemon.h], [cd.x + cd.w / 2, chainY], { id: `${id}-grpc` }));

  // Images (left, by the registry) and containers (right, under runc): each row a name and a line under it.
  const panelTop = Math.max(chainY + chainH + 36, ly + LHS + 40);
  const panelW = (hw - 14) / 2;
  const iPanel = { x: hx, y: panelTop, w: panelW };
  const cPanel = { x: hx + panelW + 14, y: panelTop, w: panelW };
  const iList = panelRows(t, id, iPanel, images, false);
  const cList = panelRows(t, id, cPanel, containers, true);
  const panelH = Math.max(iList.h, cList.h, 20 + 10 + LH + LHS + 14);
  body.push(box({ ...iPanel, h: panelH, tone: 'gray', id: `${id}-images` }, label(iPanel.x + 12, iPanel.y + 20, `${t.images} (${engine ? images.length : '…'})`, iPanel.w - 24, { weight: true }), iList.svg));
  body.push(box({ ...cPanel, h: panelH, tone: 'gray', id: `${id}-containers` }, label(cPanel.x + 12, cPanel.y + 20, `${t.containers} (${engine ? containers.length : '…'})`, cPanel.w - 24, { weight: true }), cList.svg));
  // runc starts the containers; containers run from images.
  const runc = chainBox[2] as (typeof chainBox)[number];
  body.push(arrow(arrowId, [runc.x + runc.w / 2, chainY + chainH], [cPanel.x + cPanel.w / 2, cPanel.y], { curve: 'v', id: `${id}-starts` }));
  body.push(arrow(arrowId, [iPanel.x + iPanel.w, iPanel.y + 44], [cPanel.x, cPanel.y + 44], { dashed: true, id: `${id}-run-from` }));

  // Registry, left of the images it pulls and pushes.
  const pullY = panelTop - 8 - LHS;
  body.push(label(margin, pullY, 'docker pull', colW, { size: S, mono: true }), label(margin, pullY + LHS, 'docker push', colW, { size: S, mono: true }));
  const shownRepos = repos.slice(0, MAX_REPOS);
  const repoLines = shownRepos.map((r) => wrap(r, colW - 20, FONT.body, true));
  const reg = { x: margin, y: panelTop + 8, w: colW, h: 20 + 10 + repoLines.reduce((n, ls) => n + ls.length, 0) * LH + 2 };
  let ry = reg.y + 20 + 10 + LH - 4;
  const repoSvg: string[] = [];
  for (const ls of repoLines) {
    for (const line of ls) {
      repoSvg.push(label(reg.x + 10, ry, line, reg.w - 20, { mono: true, tone: 'orange' }));
      ry += LH;
    }
  }
  body.push(box({ ...reg, tone: 'orange', id: `${id}-registry` }, label(reg.x + 10, reg.y + 20, t.registry, reg.w - 20, { tone: 'orange', weight: true }), ...repoSvg));
  body.push(label(margin, reg.y + reg.h + LHS + 2, t.hub, colW, { size: S, cls: 'pbd-muted' }));
  body.push(label(margin, reg.y + reg.h + 2 * LHS + 2, 'docker.io', colW, { size: S, mono: true, cls: 'pbd-muted' }));
  body.push(arrow(arrowId, [reg.x + reg.w, reg.y + 20], [iPanel.x, reg.y + 20], { tone: 'orange', both: true, id: `${id}-pull-push` }));

  const hostH = Math.max(panelTop + panelH + 14, reg.y + reg.h + 2 * LHS + 10) - 16;
  body.unshift(box({ x: hostX, y: 16, w: hostW, h: hostH, dashed: true, id: `${id}-host` }, label(hostX + 12, 16 + 20, fill(t.host, { host }), hostW - 24, { weight: true })));
  let height = 16 + hostH + 12;
  if (isStatic) {
    const note = lines(margin, height + LHS - 4, t.example, W - 2 * margin, { size: S, cls: 'pbd-muted' });
    body.push(note.svg);
    height += note.count * LHS + 4;
  }

  return drawing(body.join(''), height);
}

export default dockerArchitecture;
