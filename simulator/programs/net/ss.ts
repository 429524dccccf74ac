/**
 * ss from iproute-4.11 (CentOS 7.9): `-l -n -t -u -p -a -4 -6`, columns as misc/ss.c lays them out
 * for an 80-column screen: State %-10s (when more than one state is shown), Recv-Q/Send-Q %-6d,
 * then addresses right-aligned in 7 and ports left-aligned in 18 (`addr_width -= 13; serv_width
 * += 13`), `*` for 0.0.0.0, and ` users:(("name",pid=N,fd=N))` with -p.
 */
import type { Listener } from '../../kernel/net/types.ts';
import type { Program } from '../../kernel/types.ts';
import { liveListeners } from '../../kernel/net/listen.ts';
import { netCtx } from './common.ts';

const SERVICES: Record<number, string> = { 22: 'ssh', 23: 'telnet', 25: 'smtp', 53: 'domain', 80: 'http', 111: 'sunrpc', 443: 'https', 5000: 'commplex-main', 8080: 'webcache' };

function addrField(ip: string, port: string, addrWidth: number, servWidth: number): string {
  const a = ip === '0.0.0.0' ? '*' : ip;
  let width = addrWidth;
  if (a.includes(':')) width = a.length <= addrWidth ? addrWidth : addrWidth + Math.floor((a.length - addrWidth + 3) / 4) * 4;
  return `${a.padStart(width)}:${port.padEnd(servWidth)} `;
}

export const ss: Program = (ctx) => {
  let listening = false;
  let all = false;
  let numeric = false;
  let tcp = false;
  let udp = false;
  let procs = false;
  let family: '4' | '6' | undefined;
  for (const a of ctx.argv.slice(1)) {
    if (a.startsWith('--')) {
      const map: Record<string, string> = { '--listening': 'l', '--all': 'a', '--numeric': 'n', '--tcp': 't', '--udp': 'u', '--processes': 'p' };
      if (!map[a]) {
        ctx.stderr(`ss: unrecognized option '${a}'\n`);
        return 1;
      }
      if (map[a] === 'l') listening = true;
      if (map[a] === 'a') all = true;
      if (map[a] === 'n') numeric = true;
      if (map[a] === 't') tcp = true;
      if (map[a] === 'u') udp = true;
      if (map[a] === 'p') procs = true;
      continue;
    }
    if (!a.startsWith('-')) continue;
    for (const c of a.slice(1)) {
      if (c === 'l') listening = true;
      else if (c === 'a') all = true;
      else if (c === 'n') numeric = true;
      else if (c === 't') tcp = true;
      else if (c === 'u') udp = true;
      else if (c === 'p') procs = true;
      else if (c === '4' || c === '6') family = c;
      else if (c === 'e' || c === 'o' || c === 'm' || c === 'i' || c === 'r') continue;
      else {
        ctx.stderr(`ss: invalid option -- '${c}'\n`);
        return 1;
      }
    }
  }
  if (!tcp && !udp) tcp = true;
  const n = netCtx(ctx);
  const kinds = (tcp ? 1 : 0) + (udp ? 1 : 0);
  const netidWidth = kinds > 1 ? 5 : 0;
  // -l shows LISTEN and CLOSE (two states), -a all, default connected states: a State column each time.
  let stateWidth = 10;
  let addrp = 80 - (netidWidth + 1) - (stateWidth + 1) - 14;
  let netid = netidWidth;
  if (addrp % 2 === 1) {
    if (netid) netid++;
    else stateWidth++;
  }
  addrp = Math.floor(addrp / 2) - 1;
  let serv = numeric ? 5 : 7;
  if (addrp < 15 + serv + 1) addrp = 15 + serv + 1;
  let addrWidth = addrp - serv - 1;
  addrWidth -= 13;
  serv += 13;
  let out = '';
  if (netid) out += 'Netid'.padEnd(netid) + ' ';
  out += 'State'.padEnd(stateWidth) + ' ';
  out += 'Recv-Q Send-Q ';
  out += `${'Local Address'.padStart(addrWidth)}:${'Port'.padEnd(serv)} ${'Peer Address'.padStart(addrWidth)}:${'Port'.padEnd(serv)}\n`;
  const rows: string[] = [];
  const show = (l: Listener): void => {
    if ((l.proto === 'tcp' && !tcp) || (l.proto === 'udp' && !udp)) return;
    const v6 = l.ip.includes(':');
    if ((family === '4' && v6) || (family === '6' && !v6)) return;
    const port = numeric ? String(l.port) : (SERVICES[l.port] ?? String(l.port));
    let row = '';
    if (netid) row += l.proto.padEnd(netid) + ' ';
    row += (l.proto === 'tcp' ? 'LISTEN' : 'UNCONN').padEnd(stateWidth) + ' ';
    row += `${String(0).padEnd(6)} ${String(l.proto === 'tcp' ? (l.backlog ?? 128) : 0).padEnd(6)} `;
    row += addrField(l.ip, port, addrWidth, serv);
    row += addrField(v6 ? '::' : '0.0.0.0', '*', addrWidth, serv);
    if (procs && l.pid !== undefined) row += ` users:(("${(l.command ?? '').slice(0, 15)}",pid=${l.pid},fd=${l.fd ?? 3}))`;
    rows.push(row + '\n');
  };
  if (listening || all) for (const l of liveListeners(ctx.world, n.host, n.netns)) show(l);
  if (!listening || all) {
    for (const c of n.ns.connections) {
      if ((c.proto === 'tcp' && !tcp) || (c.proto === 'udp' && !udp)) continue;
      let row = '';
      if (netid) row += c.proto.padEnd(netid) + ' ';
      row += c.state.padEnd(stateWidth) + ' ' + `${'0'.padEnd(6)} ${'0'.padEnd(6)} `;
      row += addrField(c.localIp, String(c.localPort), addrWidth, serv) + addrField(c.remoteIp, String(c.remotePort), addrWidth, serv);
      if (procs && c.pid !== undefined) row += ` users:(("${c.command ?? ''}",pid=${c.pid},fd=4))`;
      rows.push(row + '\n');
    }
  }
  ctx.stdout(out + rows.join(''));
  return 0;
};
