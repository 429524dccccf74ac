/**
 * The PORTS column of `docker ps`, grouped as the CLI groups it: ports sorted by private port
 * (then protocol), consecutive ports with the same host address and offset merged into ranges,
 * groups in the order first seen — `0.0.0.0:8080->80/tcp, [::]:8080->80/tcp`, `80/tcp`.
 */
export interface ApiPort {
  IP?: string;
  PrivatePort: number;
  PublicPort?: number;
  Type: string;
}

function hostIp(ip: string): string {
  return ip.includes(':') ? `[${ip}]` : ip;
}

interface Group {
  ip?: string;
  type: string;
  offset: number;
  first: number;
  last: number;
}

function form(g: Group): string {
  const priv = g.first === g.last ? `${g.first}` : `${g.first}-${g.last}`;
  if (g.ip === undefined) return `${priv}/${g.type}`;
  const pub = g.first === g.last ? `${g.first + g.offset}` : `${g.first + g.offset}-${g.last + g.offset}`;
  return `${hostIp(g.ip)}:${pub}->${priv}/${g.type}`;
}

export function displayPorts(ports: ApiPort[]): string {
  const sorted = ports
    .map((p, i) => ({ p, i }))
    .sort((a, b) => a.p.PrivatePort - b.p.PrivatePort || (a.p.Type < b.p.Type ? -1 : a.p.Type > b.p.Type ? 1 : 0) || a.i - b.i)
    .map((x) => x.p);
  const open: Record<string, Group> = {};
  const order: string[] = [];
  const out: string[] = [];
  for (const p of sorted) {
    const published = p.IP !== undefined && p.IP !== '' && p.PublicPort !== undefined && p.PublicPort !== 0;
    const offset = published ? (p.PublicPort as number) - p.PrivatePort : 0;
    const key = published ? `${p.IP}|${p.Type}|${offset}` : `|${p.Type}`;
    const g = open[key];
    if (g && p.PrivatePort === g.last + 1) {
      g.last = p.PrivatePort;
      continue;
    }
    if (g && p.PrivatePort === g.last) continue;
    if (g) out.push(form(g));
    else order.push(key);
    open[key] = { ...(published ? { ip: p.IP as string } : {}), type: p.Type, offset, first: p.PrivatePort, last: p.PrivatePort };
  }
  for (const key of order) out.push(form(open[key] as Group));
  return out.join(', ');
}
