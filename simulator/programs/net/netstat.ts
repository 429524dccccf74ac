/**
 * netstat from net-tools 2.0 (CentOS 7): `-l -n -t -u -p -a`. Columns as net-tools prints them:
 * `%-5s %6ld %6ld %-23s %-23s %-12s` then `%-20s` PID/Program name.
 */
import type { Program } from '../../kernel/types.ts';
import { liveListeners } from '../../kernel/net/listen.ts';
import { netCtx } from './common.ts';

const SERVICES: Record<number, string> = { 22: 'ssh', 23: 'telnet', 25: 'smtp', 53: 'domain', 80: 'http', 111: 'sunrpc', 443: 'https', 5000: 'commplex-main', 8080: 'webcache' };

export const netstat: Program = (ctx) => {
  let listening = false;
  let all = false;
  let numeric = false;
  let tcp = false;
  let udp = false;
  let procs = false;
  for (const a of ctx.argv.slice(1)) {
    if (!a.startsWith('-') || a.startsWith('--')) continue;
    for (const c of a.slice(1)) {
      if (c === 'l') listening = true;
      else if (c === 'a') all = true;
      else if (c === 'n') numeric = true;
      else if (c === 't') tcp = true;
      else if (c === 'u') udp = true;
      else if (c === 'p') procs = true;
      else if (c === 'e' || c === 'W' || c === '4' || c === '6') continue;
      else {
        ctx.stderr(`netstat: invalid option -- '${c}'\n`);
        return 1;
      }
    }
  }
  if (!tcp && !udp) tcp = udp = true;
  const n = netCtx(ctx);
  let out = listening ? 'Active Internet connections (only servers)\n' : all ? 'Active Internet connections (servers and established)\n' : 'Active Internet connections (w/o servers)\n';
  out += `Proto Recv-Q Send-Q ${'Local Address'.padEnd(23)} ${'Foreign Address'.padEnd(23)} State      ${procs ? ' PID/Program name    ' : ''}\n`;
  const addr = (ip: string, port: string): string => {
    const a = ip === '::' ? ':::' + port : `${ip}:${port}`;
    return a.padEnd(23);
  };
  if (listening || all) {
    for (const proto of ['tcp', 'udp'] as const) {
      if ((proto === 'tcp' && !tcp) || (proto === 'udp' && !udp)) continue;
      for (const l of liveListeners(ctx.world, n.host, n.netns).filter((x) => x.proto === proto)) {
        const v6 = l.ip.includes(':');
        const port = numeric ? String(l.port) : (SERVICES[l.port] ?? String(l.port));
        const local = v6 ? `:::${port}`.padEnd(23) : addr(l.ip, port);
        const foreign = (v6 ? ':::*' : '0.0.0.0:*').padEnd(23);
        let row = `${(proto + (v6 ? '6' : '')).padEnd(5)} ${'0'.padStart(6)} ${'0'.padStart(6)} ${local} ${foreign} ${(proto === 'tcp' ? 'LISTEN' : '').padEnd(12)}`;
        if (procs) row += (l.pid !== undefined ? `${l.pid}/${l.command ?? ''}` : '-').padEnd(20);
        out += row + '\n';
      }
    }
  }
  ctx.stdout(out);
  return 0;
};
