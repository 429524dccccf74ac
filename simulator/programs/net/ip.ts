/**
 * `ip` from iproute2 as CentOS 7.9 ships it (iproute-4.11): `addr`, `link`, `route`, `neigh`,
 * `netns`, with 4.11's formats (trailing spaces included: each field is printed followed by a space,
 * `qlen N` last) and its error texts. Changes go through the kernel's network API.
 */
import { broadcastOf, linkLocal6, parseCidr } from '../../kernel/net/addr.ts';
import { addAddress, addBridge, addEther, addRoute, addVethPair, deleteAddress, deleteLink, deleteRoute, getLink, moveLink, NetError, renameLink, setLinkUp, setMaster } from '../../kernel/net/links.ts';
import { isLocalAddress, lookupRoute, mainTable } from '../../kernel/net/route.ts';
import { createNetns, deleteNetns, findNetns, linksOf, netnsByName, hostNet } from '../../kernel/net/state.ts';
import type { Link, Route } from '../../kernel/net/types.ts';
import type { ExecContext, Program } from '../../kernel/types.ts';
import { byCodePoint } from '../../core/format.ts';
import { netCtx, type NetCtx } from './common.ts';
import { linkView } from './linkview.ts';

const OBJECTS: [string, string][] = [
  ['address', 'addr'], ['addrlabel', 'addrl'], ['link', 'l'], ['neighbour', 'n'], ['neighbor', 'n'], ['route', 'r'], ['netns', 'netns'], ['rule', 'ru'], ['maddress', 'm'], ['tunnel', 't'], ['monitor', 'mon'],
];

function matchObject(word: string): string | undefined {
  if (word === 'a' || word === 'ad' || word === 'add' || 'address'.startsWith(word)) return 'address';
  if ('link'.startsWith(word)) return 'link';
  if ('route'.startsWith(word)) return 'route';
  if (word === 'neigh' || 'neighbour'.startsWith(word) || 'neighbor'.startsWith(word)) return 'neigh';
  if (word === 'netns') return 'netns';
  for (const [full] of OBJECTS) if (full.startsWith(word)) return full;
  return undefined;
}

function usage(ctx: ExecContext): number {
  ctx.stderr('Usage: ip [ OPTIONS ] OBJECT { COMMAND | help }\n       ip [ -force ] -batch filename\nwhere  OBJECT := { link | address | addrlabel | route | rule | neigh | ntable |\n                   tunnel | tuntap | maddress | mroute | mrule | monitor | xfrm |\n                   netns | l2tp | fou | macsec | tcp_metrics | token | netconf | ila |\n                   vrf }\n       OPTIONS := { -V[ersion] | -s[tatistics] | -d[etails] | -r[esolve] |\n                    -h[uman-readable] | -iec |\n                    -f[amily] { inet | inet6 | ipx | dnet | mpls | bridge | link } |\n                    -4 | -6 | -I | -D | -B | -0 |\n                    -l[oops] { maximum-addr-flush-attempts } | -br[ief] |\n                    -o[neline] | -t[imestamp] | -ts[hort] | -b[atch] [filename] |\n                    -rc[vbuf] [size] | -n[etns] name | -a[ll] | -c[olor]}\n');
  return 255;
}

export const ip: Program = (ctx) => {
  const args = ctx.argv.slice(1);
  let family: '4' | '6' | undefined;
  while (args[0]?.startsWith('-')) {
    const o = args.shift() as string;
    if (o === '-4') family = '4';
    else if (o === '-6') family = '6';
    else if (o === '-V' || o === '-Version') {
      ctx.stdout('ip utility, iproute2-ss170501\n');
      return 0;
    } else if (['-s', '-d', '-o', '-c', '-br', '-details', '-stats'].includes(o)) continue;
    else {
      ctx.stderr(`Option "${o}" is unknown, try "ip -help".\n`);
      return 255;
    }
  }
  const word = args.shift();
  if (word === undefined || word === 'help') return usage(ctx);
  const object = matchObject(word);
  if (!object) {
    ctx.stderr(`Object "${word}" is unknown, try "ip help".\n`);
    return 1;
  }
  const n = netCtx(ctx);
  try {
    switch (object) {
      case 'address':
        return ipAddr(ctx, n, args, family);
      case 'link':
        return ipLink(ctx, n, args);
      case 'route':
        return ipRoute(ctx, n, args);
      case 'neigh':
        return ipNeigh(ctx, n, args);
      case 'netns':
        return ipNetns(ctx, n, args);
      default:
        ctx.stderr(`podbook: 'ip ${object}' is not simulated\n`);
        return 1;
    }
  } catch (e) {
    if (e instanceof NetError) {
      ctx.stderr(e.message + '\n');
      return e.code === 'ENODEV' ? 1 : 2;
    }
    throw e;
  }
};

/** The first line and link/ether line of a link, as `ip link`/`ip addr` print them. */
function linkLines(ctx: ExecContext, n: NetCtx, link: Link, linkMode: boolean): string {
  const v = linkView(ctx.world, n.host, n.netns, link);
  let out = `${link.ifindex}: ${link.name}${v.suffix}: <${v.flags.join(',')}> mtu ${link.mtu} qdisc ${v.qdisc} `;
  if (link.master) out += `master ${link.master} `;
  out += `state ${v.state} `;
  if (linkMode) out += 'mode DEFAULT ';
  out += 'group default ';
  if (link.txqlen > 0) out += `qlen ${link.txqlen}`;
  out += '\n';
  if (link.kind === 'loopback') out += '    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00\n';
  else out += `    link/ether ${link.mac} brd ff:ff:ff:ff:ff:ff${v.netnsid !== undefined ? ` link-netnsid ${v.netnsid}` : ''}\n`;
  return out;
}

function addrLines(link: Link, family: '4' | '6' | undefined): string {
  let out = '';
  if (family !== '6') {
    for (const a of link.addrs) {
      out += `    inet ${a.ip}/${a.prefix} `;
      if (a.prefix < 31 && link.kind !== 'loopback') out += `brd ${broadcastOf(a.ip, a.prefix)} `;
      out += `scope ${a.scope} `;
      if (a.secondary) out += 'secondary ';
      if (a.noprefixroute) out += 'noprefixroute ';
      out += `${link.name}\n       valid_lft forever preferred_lft forever\n`;
    }
  }
  if (family !== '4' && link.ipv6) {
    if (link.kind === 'loopback' && link.up) out += '    inet6 ::1/128 scope host \n       valid_lft forever preferred_lft forever\n';
    else if (link.kind !== 'loopback' && link.hadCarrier && link.up) {
      const nm = link.addrs.some((a) => a.noprefixroute) ? 'noprefixroute ' : '';
      out += `    inet6 ${linkLocal6(link.mac)}/64 scope link ${nm}\n       valid_lft forever preferred_lft forever\n`;
    }
  }
  return out;
}

function selectLinks(ctx: ExecContext, n: NetCtx, args: string[]): Link[] | undefined {
  let dev: string | undefined;
  let up = false;
  let master: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const a = args[i] as string;
    if (a === 'dev') dev = args[++i];
    else if (a === 'up') up = true;
    else if (a === 'master') master = args[++i];
    else if (a === 'type' || a === 'scope' || a === 'label' || a === 'to') i++;
    else dev = a;
  }
  let links = linksOf(n.ns);
  if (dev !== undefined) {
    const l = n.ns.links[dev];
    if (!l) {
      ctx.stderr(`Device "${dev}" does not exist.\n`);
      return undefined;
    }
    links = [l];
  }
  if (up) links = links.filter((l) => l.up);
  if (master) links = links.filter((l) => l.master === master);
  return links;
}

const SHOW = ['show', 'list', 'lst', 'sh', 'ls', 's', 'l'];

function ipAddr(ctx: ExecContext, n: NetCtx, args: string[], family: '4' | '6' | undefined): number {
  const cmd = args.shift() ?? 'show';
  if (SHOW.includes(cmd)) {
    const links = selectLinks(ctx, n, args);
    if (!links) return 1;
    ctx.stdout(links.map((l) => linkLines(ctx, n, l, false) + addrLines(l, family)).join(''));
    return 0;
  }
  if (cmd === 'add' || cmd === 'a' || cmd === 'del' || cmd === 'delete' || cmd === 'd') {
    const cidr = args[0];
    const devAt = args.indexOf('dev');
    const dev = devAt >= 0 ? args[devAt + 1] : undefined;
    if (!cidr) {
      ctx.stderr('RTNETLINK answers: Operation not supported\n');
      return 2;
    }
    if (!dev) {
      ctx.stderr('Not enough information: "dev" argument is required.\n');
      return 1;
    }
    if (!parseCidr(cidr)) {
      ctx.stderr(`Error: any valid prefix is expected rather than "${cidr}".\n`);
      return 1;
    }
    getLink(ctx.world, n.host, n.netns, dev);
    if (cmd.startsWith('a')) addAddress(ctx.world, n.host, n.netns, dev, cidr.includes('/') ? cidr : `${cidr}/32`);
    else deleteAddress(ctx.world, n.host, n.netns, dev, cidr);
    return 0;
  }
  if (cmd === 'flush') {
    const dev = args[0] === 'dev' ? args[1] : args[0];
    if (!dev) {
      ctx.stderr('Flush requires arguments.\n');
      return 1;
    }
    getLink(ctx.world, n.host, n.netns, dev).addrs = [];
    return 0;
  }
  ctx.stderr(`Command "${cmd}" is unknown, try "ip addr help".\n`);
  return 1;
}

function ipLink(ctx: ExecContext, n: NetCtx, args: string[]): number {
  const cmd = args.shift() ?? 'show';
  const world = ctx.world;
  if (SHOW.includes(cmd)) {
    const links = selectLinks(ctx, n, args);
    if (!links) return 1;
    ctx.stdout(links.map((l) => linkLines(ctx, n, l, true)).join(''));
    return 0;
  }
  if (cmd === 'add' || cmd === 'a') {
    const name = args[0] === 'name' ? args[1] : args[0];
    const typeAt = args.indexOf('type');
    const type = typeAt >= 0 ? args[typeAt + 1] : undefined;
    if (!name || name === 'type') {
      ctx.stderr('Not enough information: "dev" argument is required.\n');
      return 1;
    }
    if (type === 'bridge') addBridge(world, n.host, n.netns, name);
    else if (type === 'veth') {
      const peerAt = args.indexOf('peer');
      const peerName = peerAt >= 0 ? (args[peerAt + 1] === 'name' ? args[peerAt + 2] : args[peerAt + 1]) : undefined;
      addVethPair(world, n.host, { netns: n.netns, name }, { netns: n.netns, name: peerName ?? `veth${linksOf(n.ns).length}` });
    } else if (type === 'dummy') addEther(world, n.host, n.netns, name).kind = 'dummy';
    else if (type === undefined) {
      ctx.stderr('Not enough information: "type" argument is required\n');
      return 1;
    } else {
      ctx.stderr(`podbook: 'ip link add type ${type}' is not simulated\n`);
      return 1;
    }
    return 0;
  }
  if (cmd === 'del' || cmd === 'delete' || cmd === 'd') {
    const dev = args[0] === 'dev' ? args[1] : args[0];
    if (!dev) {
      ctx.stderr('Not enough information: "dev" argument is required.\n');
      return 1;
    }
    deleteLink(world, n.host, n.netns, dev);
    return 0;
  }
  if (cmd === 'set' || cmd === 's') {
    let dev = args[0] === 'dev' ? args[1] : args[0];
    if (!dev) {
      ctx.stderr('Not enough information: "dev" argument is required.\n');
      return 1;
    }
    getLink(world, n.host, n.netns, dev);
    for (let i = args[0] === 'dev' ? 2 : 1; i < args.length; i++) {
      const a = args[i] as string;
      if (a === 'up' || a === 'down') setLinkUp(world, n.host, n.netns, dev, a === 'up');
      else if (a === 'master') setMaster(world, n.host, n.netns, dev, args[++i]);
      else if (a === 'nomaster') setMaster(world, n.host, n.netns, dev, undefined);
      else if (a === 'mtu') getLink(world, n.host, n.netns, dev).mtu = Number(args[++i]);
      else if (a === 'address') getLink(world, n.host, n.netns, dev).mac = (args[++i] ?? '').toLowerCase();
      else if (a === 'name') {
        const to = args[++i] as string;
        renameLink(world, n.host, n.netns, dev, to);
        dev = to;
      } else if (a === 'netns') {
        const target = args[i + 1] ?? '';
        const ns = netnsByName(world, n.host, target)?.id ?? (/^\d+$/.test(target) ? nsOfPidArg(ctx, Number(target)) : undefined);
        if (ns === undefined) {
          ctx.stderr(`Cannot open network namespace "${target}": No such file or directory\n`);
          return 1;
        }
        moveLink(world, n.host, n.netns, dev, ns);
        return 0;
      } else {
        ctx.stderr(`Error: argument "${a}" is wrong: unknown command\n`);
        return 1;
      }
    }
    return 0;
  }
  ctx.stderr(`Command "${cmd}" is unknown, try "ip link help".\n`);
  return 1;
}

function nsOfPidArg(ctx: ExecContext, pid: number): number | undefined {
  const proc = ctx.host.proc(pid);
  if (!proc) return undefined;
  return proc.ns['net'] ?? findNetns(ctx.world, ctx.host.name, 4026531956)?.id;
}

/** One route as `ip route` prints it (4.11: every field followed by a space). */
export function formatRoute(r: Route): string {
  let s = `${r.dst} `;
  if (r.via) s += `via ${r.via} `;
  s += `dev ${r.dev} `;
  if (r.proto && r.proto !== 'boot') s += `proto ${r.proto} `;
  if (r.scope && r.scope !== 'global') s += `scope ${r.scope} `;
  if (r.src) s += `src ${r.src} `;
  if (r.metric !== undefined) s += `metric ${r.metric} `;
  if (r.onlink) s += 'onlink ';
  return s;
}

function ipRoute(ctx: ExecContext, n: NetCtx, args: string[]): number {
  const cmd = args.shift() ?? 'show';
  if (SHOW.includes(cmd)) {
    ctx.stdout(mainTable(n.ns).map((r) => formatRoute(r) + '\n').join(''));
    return 0;
  }
  if (cmd === 'add' || cmd === 'del' || cmd === 'delete' || cmd === 'replace') {
    const dst = args[0];
    if (!dst) {
      ctx.stderr('RTNETLINK answers: No such process\n');
      return 2;
    }
    if (cmd.startsWith('del')) {
      deleteRoute(ctx.world, n.host, n.netns, normDst(dst));
      return 0;
    }
    const r: Route = { dst: normDst(dst), dev: '' };
    for (let i = 1; i < args.length; i++) {
      const a = args[i] as string;
      if (a === 'via') r.via = args[++i] as string;
      else if (a === 'dev') r.dev = args[++i] as string;
      else if (a === 'metric') r.metric = Number(args[++i]);
      else if (a === 'src') r.src = args[++i] as string;
      else if (a === 'onlink') r.onlink = true;
      else if (a === 'proto') r.proto = args[++i] as Route['proto'];
    }
    if (!r.dev && r.via) {
      const via = r.via;
      const c = mainTable(n.ns).find((x) => !x.via && x.dst !== 'default' && parseCidr(x.dst) && isIn(via, x.dst));
      if (!c) {
        ctx.stderr('RTNETLINK answers: Network is unreachable\n');
        return 2;
      }
      r.dev = c.dev;
    }
    if (!r.via) r.scope = 'link';
    if (cmd === 'replace') n.ns.routes = n.ns.routes.filter((x) => x.dst !== r.dst);
    addRoute(ctx.world, n.host, n.netns, r);
    return 0;
  }
  if (cmd === 'get') {
    const dst = args[0] === 'to' ? args[1] : args[0];
    if (!dst || !parseCidr(dst)) {
      ctx.stderr(`Error: any valid prefix is expected rather than "${dst ?? ''}".\n`);
      return 1;
    }
    // 4.11 prints a cached route: the fields, then an indented `cache` line.
    if (isLocalAddress(n.ns, dst)) {
      const src = dst.startsWith('127.') ? '127.0.0.1' : dst;
      ctx.stdout(`local ${dst} dev lo src ${src} \n    cache <local> \n`);
      return 0;
    }
    const choice = lookupRoute(n.ns, dst);
    if (!choice) {
      ctx.stderr('RTNETLINK answers: Network is unreachable\n');
      return 2;
    }
    ctx.stdout(`${dst} ${choice.route.via ? `via ${choice.route.via} ` : ''}dev ${choice.route.dev} src ${choice.src} \n    cache \n`);
    return 0;
  }
  ctx.stderr(`Command "${cmd}" is unknown, try "ip route help".\n`);
  return 1;
}

function isIn(ip: string, cidr: string): boolean {
  const c = parseCidr(cidr);
  if (!c) return false;
  const toNum = (x: string): number => x.split('.').reduce((a, o) => a * 256 + Number(o), 0);
  const mask = c.prefix === 0 ? 0 : (0xffffffff << (32 - c.prefix)) >>> 0;
  return ((toNum(ip) & mask) >>> 0) === ((toNum(c.ip) & mask) >>> 0);
}

function normDst(dst: string): string {
  if (dst === 'default' || dst === '0.0.0.0/0') return 'default';
  const c = parseCidr(dst);
  return c && c.prefix !== 32 ? `${c.ip}/${c.prefix}` : (c?.ip ?? dst);
}

function ipNeigh(ctx: ExecContext, n: NetCtx, args: string[]): number {
  const cmd = args.shift() ?? 'show';
  if (!SHOW.includes(cmd)) {
    if (cmd === 'flush') {
      n.ns.neigh = n.ns.neigh.filter((e) => e.state === 'PERMANENT');
      return 0;
    }
    ctx.stderr(`Command "${cmd}" is unknown, try "ip neigh help".\n`);
    return 1;
  }
  ctx.stdout(n.ns.neigh.map((e) => `${e.ip} dev ${e.dev} lladdr ${e.mac} ${e.state}\n`).join(''));
  return 0;
}

function ipNetns(ctx: ExecContext, n: NetCtx, args: string[]): number {
  const cmd = args.shift() ?? 'list';
  const world = ctx.world;
  if (cmd === 'list' || cmd === 'ls' || cmd === 'show') {
    const named = Object.values(hostNet(world, n.host).namespaces).filter((ns) => ns.name !== undefined);
    named.sort((a, b) => byCodePoint(b.name as string, a.name as string));
    ctx.stdout(named.map((ns) => {
      const id = n.ns.nsids?.[String(ns.id)];
      return id !== undefined ? `${ns.name} (id: ${id})\n` : `${ns.name}\n`;
    }).join(''));
    return 0;
  }
  if (cmd === 'add') {
    const name = args[0];
    if (!name) {
      ctx.stderr('No netns name specified\n');
      return 1;
    }
    if (netnsByName(world, n.host, name)) {
      ctx.stderr(`Cannot create namespace file "/var/run/netns/${name}": File exists\n`);
      return 1;
    }
    createNetns(world, n.host, { name });
    try {
      ctx.host.fs.mkdir('/var/run/netns', { parents: true });
      ctx.host.fs.writeFile(`/var/run/netns/${name}`, '');
    } catch {
      // The namespace exists even when the bind-mount point cannot be made.
    }
    return 0;
  }
  if (cmd === 'delete' || cmd === 'del') {
    const name = args[0] ?? '';
    const ns = netnsByName(world, n.host, name);
    if (!ns) {
      ctx.stderr(`Cannot remove namespace file "/var/run/netns/${name}": No such file or directory\n`);
      return 1;
    }
    deleteNetns(world, n.host, ns.id);
    try {
      ctx.host.fs.remove(`/var/run/netns/${name}`);
    } catch {
      // Already gone.
    }
    return 0;
  }
  if (cmd === 'exec') {
    const name = args.shift() ?? '';
    const ns = netnsByName(world, n.host, name);
    if (!ns) {
      ctx.stderr(`Cannot open network namespace "${name}": No such file or directory\n`);
      return 1;
    }
    if (args.length === 0) {
      ctx.stderr('No command specified\n');
      return 1;
    }
    return execIn(ctx, ns.id, args);
  }
  ctx.stderr(`Command "${cmd}" is unknown, try "ip netns help".\n`);
  return 1;
}

/** Runs argv as a child process placed in network namespace `id` (ip netns exec). */
export function execIn(ctx: ExecContext, id: number, argv: string[]): number {
  const cmd = argv[0] as string;
  const found = ctx.host.findExecutable(cmd, ctx.env['PATH'] ?? '/usr/sbin:/usr/bin', ctx.cwd);
  if ('error' in found) {
    ctx.stderr(`exec of "${cmd}" failed: No such file or directory\n`);
    return 1;
  }
  const program = ctx.world.programs[found.prog];
  if (!program) {
    ctx.stderr(`exec of "${cmd}" failed: No such file or directory\n`);
    return 1;
  }
  const self = ctx.host.proc(ctx.pid);
  const child = ctx.host.spawn({ ppid: ctx.pid, argv, prog: found.prog, ns: { ...(self?.ns ?? {}), net: id } });
  try {
    return program({ ...ctx, argv, pid: child.pid });
  } finally {
    ctx.host.reap(child.pid);
  }
}
