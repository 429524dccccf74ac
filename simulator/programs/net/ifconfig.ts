/**
 * ifconfig (net-tools 2.0, CentOS 7): up interfaces (all with -a), sorted by name, in the
 * `flags=N<...>  mtu M` layout with inet/inet6/ether lines and RX/TX counters.
 */
import { broadcastOf, linkLocal6, maskOf, numToIp } from '../../kernel/net/addr.ts';
import { byCodePoint } from '../../core/format.ts';
import type { Program } from '../../kernel/types.ts';
import { netCtx } from './common.ts';
import { linkView } from './linkview.ts';

function bytes(n: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let v = n;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${v.toFixed(1)} ${units[i]}`;
}

export const ifconfig: Program = (ctx) => {
  const args = ctx.argv.slice(1);
  const all = args.includes('-a');
  const named = args.find((a) => !a.startsWith('-'));
  if (args.filter((a) => !a.startsWith('-')).length > 1) {
    ctx.stderr("podbook: changing interfaces with ifconfig is not simulated; use 'ip addr' and 'ip link'\n");
    return 1;
  }
  const n = netCtx(ctx);
  let links = Object.values(n.ns.links).sort((a, b) => byCodePoint(a.name, b.name));
  if (named !== undefined) {
    const l = n.ns.links[named];
    if (!l) {
      ctx.stderr(`${named}: error fetching interface information: Device not found\n`);
      return 1;
    }
    links = [l];
  } else if (!all) links = links.filter((l) => l.up);
  const blocks = links.map((l) => {
    const v = linkView(ctx.world, n.host, n.netns, l);
    const flags: string[] = [];
    let value = 0;
    if (l.up) { flags.push('UP'); value |= 1; }
    if (l.kind !== 'loopback') { flags.push('BROADCAST'); value |= 2; }
    if (l.kind === 'loopback') { flags.push('LOOPBACK'); value |= 8; }
    if (v.carrier) { flags.push('RUNNING'); value |= 64; }
    if (l.kind !== 'loopback') { flags.push('MULTICAST'); value |= 4096; }
    let s = `${l.name}: flags=${value}<${flags.join(',')}>  mtu ${l.mtu}\n`;
    for (const a of l.addrs) {
      s += `        inet ${a.ip}  netmask ${numToIp(maskOf(a.prefix))}`;
      if (l.kind !== 'loopback' && a.prefix < 31) s += `  broadcast ${broadcastOf(a.ip, a.prefix)}`;
      s += '\n';
    }
    if (l.ipv6 && l.up) {
      if (l.kind === 'loopback') s += '        inet6 ::1  prefixlen 128  scopeid 0x10<host>\n';
      else if (l.hadCarrier) s += `        inet6 ${linkLocal6(l.mac)}  prefixlen 64  scopeid 0x20<link>\n`;
    }
    if (l.kind === 'loopback') s += `        loop  txqueuelen ${l.txqlen}  (Local Loopback)\n`;
    else s += `        ether ${l.mac}  txqueuelen ${l.txqlen}  (Ethernet)\n`;
    const st = l.stats;
    s += `        RX packets ${st.rxPackets}  bytes ${st.rxBytes} (${bytes(st.rxBytes)})\n        RX errors 0  dropped 0  overruns 0  frame 0\n`;
    s += `        TX packets ${st.txPackets}  bytes ${st.txBytes} (${bytes(st.txBytes)})\n        TX errors 0  dropped 0 overruns 0  carrier 0  collisions 0\n`;
    return s;
  });
  ctx.stdout(blocks.join('\n') + (blocks.length ? '\n' : ''));
  return 0;
};
