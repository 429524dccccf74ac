/**
 * Docker's architecture as the lab has it: the `docker` client talks to the daemon (dockerd) over
 * the Engine REST API on a Unix socket; dockerd hands containers to containerd, whose shim starts
 * each one with runc; images come from a registry (Docker Hub). The containers and images drawn
 * are the lab's own; with no engine state yet, an example (marked as such) stands in.
 */
import { scaleBand } from 'd3';
import { frame } from './shared/frame.ts';
import { containerName, containersOldestFirst, defaultHost, engineOf, humanSize, imageLabel, imagesByName, shortHex, type LabState } from './shared/lab.ts';
import { arrow, box, dot, label } from './shared/shapes.ts';
import { el, esc, group, slug } from './shared/svg.ts';
import type { Tone } from './shared/theme.ts';
import { fill, strings, type DiagramOptions } from './shared/types.ts';

const T = {
  en: {
    title: 'Docker architecture',
    client: 'Client',
    host: 'Docker host: {host}',
    daemon: 'Docker daemon (dockerd)',
    api: 'REST API',
    socket: 'unix:///var/run/docker.sock',
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
  main: string;
  sub: string;
  tone: Tone;
}

const STATUS_TONE: Record<string, Tone> = { running: 'green', paused: 'orange', restarting: 'orange', created: 'blue', exited: 'gray', dead: 'red', removing: 'red' };

const MAX_ROWS = 6;
const W = 760;

export function dockerArchitecture(state: LabState, opts: DiagramOptions = {}): string {
  const t = strings(T, opts.locale);
  const id = opts.id ?? 'docker-architecture';
  const host = opts.host ?? defaultHost(state);
  const engine = engineOf(state, host);
  const isStatic = engine === undefined;
  const statusText = (s: string): string => t.status[s] ?? s;

  const containers: Row[] = engine
    ? containersOldestFirst(engine).map((c) => ({
        key: `c-${slug(containerName(c))}`,
        main: containerName(c),
        sub: `${statusText(c.state.status)}${c.state.status === 'exited' ? ` (${c.state.exitCode})` : ''} · ${fill(t.from, { image: c.image })}`,
        tone: STATUS_TONE[c.state.status] ?? 'gray',
      }))
    : [{ key: 'c-example-web', main: 'web', sub: `${statusText('running')} · ${fill(t.from, { image: 'httpd' })}`, tone: 'green' }];
  const images: Row[] = engine
    ? imagesByName(engine).map((i) => ({ key: `i-${slug(imageLabel(i))}`, main: imageLabel(i), sub: `${shortHex(i.id)} · ${humanSize(i.size)}`, tone: 'purple' }))
    : [
        { key: 'i-example-httpd', main: 'httpd:latest', sub: 'example', tone: 'purple' },
        { key: 'i-example-centos', main: 'centos:latest', sub: 'example', tone: 'purple' },
      ];
  const hubRepos = new Set<string>();
  if (engine) {
    for (const i of Object.values(engine.images)) for (const d of i.repoDigests) hubRepos.add(d.slice(0, d.indexOf('@')));
  }
  const repos = hubRepos.size > 0 ? [...hubRepos].sort() : ['httpd', 'nginx', 'centos', 'busybox', 'registry'];

  const rows = Math.max(1, Math.min(MAX_ROWS, Math.max(containers.length, images.length)) + (Math.max(containers.length, images.length) > MAX_ROWS ? 1 : 0));
  const rowH = 34;
  const panelTop = 196;
  const panelH = 30 + rows * rowH + 8;
  const arrowId = `${id}-arrow`;

  // Columns: client | host (daemon, runtime chain, containers, images) | registry.
  const client = { x: 16, y: 46, w: 136, h: 118 };
  const hostF = { x: 236, y: 16, w: 376, h: panelTop + panelH - 2 };
  const daemon = { x: hostF.x + 20, y: 46, w: hostF.w - 40, h: 44 };
  const chain = ['containerd', 'containerd-shim', 'runc'];
  const chainX = scaleBand<string>().domain(chain).range([hostF.x + 20, hostF.x + hostF.w - 20]).paddingInner(0.1);
  const chainY = 122;
  const panelW = (hostF.w - 52) / 2;
  const cPanel = { x: hostF.x + 20, y: panelTop, w: panelW, h: panelH };
  const iPanel = { x: hostF.x + 32 + panelW, y: panelTop, w: panelW, h: panelH };
  const reg = { x: 630, y: panelTop, w: 118, h: 30 + Math.min(repos.length, 7) * 22 + 10 };
  const height = Math.max(panelTop + panelH + 20, reg.y + reg.h + 34) + (isStatic ? 26 : 0);

  const list = (panel: typeof cPanel, items: Row[], prefix: string): string => {
    const shown = items.slice(0, items.length > MAX_ROWS ? MAX_ROWS - 1 + 1 : MAX_ROWS);
    const y = scaleBand<number>().domain(Array.from({ length: rows }, (_, i) => i)).range([panel.y + 30, panel.y + 30 + rows * rowH]);
    const out: string[] = [];
    if (items.length === 0) out.push(label(panel.x + 12, panel.y + 50, t.none, panel.w - 24, { cls: 'pbd-muted' }));
    shown.forEach((row, i) => {
      const top = y(i) ?? 0;
      out.push(
        group(
          { id: `${id}-${row.key}` },
          // The full text as a tooltip, for names cut to fit.
          el('title', {}, esc(`${row.main} · ${row.sub}`)),
          prefix === 'c' ? dot(panel.x + 14, top + 11, 4.5, row.tone) : '',
          label(panel.x + (prefix === 'c' ? 26 : 12), top + 14, row.main, panel.w - 36, { mono: true, weight: true }),
          label(panel.x + (prefix === 'c' ? 26 : 12), top + 28, row.sub, panel.w - 36, { size: 11, cls: 'pbd-muted' }),
        ),
      );
    });
    if (items.length > shown.length) out.push(label(panel.x + 12, (y(rows - 1) ?? 0) + 18, fill(t.more, { n: items.length - shown.length }), panel.w - 24, { cls: 'pbd-muted' }));
    return out.join('');
  };

  const body: string[] = [];
  // Client.
  body.push(
    box({ ...client, tone: 'blue', id: `${id}-client` },
      label(client.x + 12, client.y + 22, t.client, client.w - 24, { tone: 'blue', weight: true }),
      label(client.x + 12, client.y + 48, 'docker build', client.w - 24, { mono: true, tone: 'blue' }),
      label(client.x + 12, client.y + 70, 'docker pull', client.w - 24, { mono: true, tone: 'blue' }),
      label(client.x + 12, client.y + 92, 'docker run', client.w - 24, { mono: true, tone: 'blue' }),
    ),
  );
  // Host frame.
  body.push(box({ ...hostF, dashed: true, id: `${id}-host` }, label(hostF.x + 12, hostF.y + 18, fill(t.host, { host }), hostF.w - 24, { weight: true })));
  body.push(
    box({ ...daemon, tone: 'accent', id: `${id}-dockerd` },
      label(daemon.x + daemon.w / 2, daemon.y + 19, t.daemon, daemon.w - 20, { tone: 'accent', weight: true, anchor: 'middle' }),
      label(daemon.x + daemon.w / 2, daemon.y + 35, 'Engine API 1.50 · Docker 28.2.2', daemon.w - 20, { tone: 'accent', size: 11, anchor: 'middle' }),
    ),
  );
  // REST API arrow from the client to dockerd.
  body.push(arrow(arrowId, [client.x + client.w, client.y + 40], [daemon.x, daemon.y + daemon.h / 2], { curve: 'h', id: `${id}-api` }));
  const gapX = client.x + client.w + 6;
  body.push(label(gapX, client.y + 62, t.api, hostF.x - gapX - 4, { size: 11, weight: true }));
  body.push(label(gapX, client.y + 78, '/var/run/', hostF.x - gapX - 4, { size: 10, mono: true, cls: 'pbd-muted' }));
  body.push(label(gapX, client.y + 91, 'docker.sock', hostF.x - gapX - 4, { size: 10, mono: true, cls: 'pbd-muted' }));
  // containerd -> shim -> runc.
  chain.forEach((name, i) => {
    const x = chainX(name) ?? 0;
    const w = chainX.bandwidth();
    body.push(box({ x, y: chainY, w, h: 34, tone: 'gray', id: `${id}-${slug(name)}` }, label(x + w / 2, chainY + 21, name, w - 8, { mono: true, anchor: 'middle', size: 10.5 })));
    if (i > 0) {
      const prev = chain[i - 1] as string;
      body.push(arrow(arrowId, [(chainX(prev) ?? 0) + w, chainY + 17], [x, chainY + 17]));
    }
  });
  body.push(arrow(arrowId, [(chainX('containerd') ?? 0) + chainX.bandwidth() / 2, daemon.y + daemon.h], [(chainX('containerd') ?? 0) + chainX.bandwidth() / 2, chainY], { id: `${id}-grpc` }));
  // Panels.
  body.push(box({ ...cPanel, tone: 'gray', id: `${id}-containers` }, label(cPanel.x + 12, cPanel.y + 20, `${t.containers} (${engine ? containers.length : '…'})`, cPanel.w - 24, { weight: true }), list(cPanel, containers, 'c')));
  body.push(box({ ...iPanel, tone: 'gray', id: `${id}-images` }, label(iPanel.x + 12, iPanel.y + 20, `${t.images} (${engine ? images.length : '…'})`, iPanel.w - 24, { weight: true }), list(iPanel, images, 'i')));
  // runc starts the containers; containers run from images.
  const runcX = (chainX('runc') ?? 0) + chainX.bandwidth() / 2;
  body.push(arrow(arrowId, [runcX, chainY + 34], [cPanel.x + cPanel.w / 2, cPanel.y], { curve: 'v', id: `${id}-starts` }));
  body.push(arrow(arrowId, [iPanel.x, iPanel.y + 44], [cPanel.x + cPanel.w, cPanel.y + 44], { dashed: true, id: `${id}-run-from` }));
  // Registry.
  body.push(
    box({ ...reg, tone: 'orange', id: `${id}-registry` },
      label(reg.x + 10, reg.y + 20, t.registry, reg.w - 20, { tone: 'orange', weight: true }),
      ...repos.slice(0, 7).map((r, i) => label(reg.x + 10, reg.y + 44 + i * 22, r, reg.w - 20, { mono: true, tone: 'orange' })),
    ),
  );
  body.push(label(reg.x, reg.y + reg.h + 15, t.hub, reg.w, { size: 10.5, cls: 'pbd-muted' }));
  body.push(label(reg.x, reg.y + reg.h + 28, 'docker.io', reg.w, { size: 10.5, mono: true, cls: 'pbd-muted' }));
  body.push(label(reg.x, reg.y - 24, 'docker pull', reg.w, { size: 11, mono: true }));
  body.push(label(reg.x, reg.y - 10, 'docker push', reg.w, { size: 11, mono: true }));
  body.push(arrow(arrowId, [iPanel.x + iPanel.w, reg.y + 24], [reg.x, reg.y + 24], { tone: 'orange', both: true, id: `${id}-pull-push` }));
  if (isStatic) body.push(label(16, height - 14, t.example, W - 32, { size: 11, cls: 'pbd-muted' }));

  // Text alternative.
  const descParts = [fill(t.desc, { host })];
  if (isStatic) descParts.push(t.descExample);
  else {
    const eng = engine as NonNullable<typeof engine>;
    const imgs = imagesByName(eng);
    const cons = containersOldestFirst(eng);
    descParts.push(imgs.length ? fill(t.descImages, { list: imgs.map((i) => `${imageLabel(i)} (${shortHex(i.id)}, ${humanSize(i.size)})`).join(', ') }) : t.descNoImages);
    descParts.push(cons.length ? fill(t.descContainers, { list: cons.map((c) => `${containerName(c)} (${statusText(c.state.status)}, ${fill(t.from, { image: c.image })})`).join(', ') }) : t.descNoContainers);
  }
  return frame({ id, name: 'docker-architecture', width: W, height, title: t.title, desc: descParts.join(' '), isStatic, body: body.join('') });
}

export default dockerArchitecture;
