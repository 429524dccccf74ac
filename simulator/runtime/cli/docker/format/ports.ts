/**
 * The PORTS column of `docker ps`: bindings sorted and merged into ranges as the CLI does,
 * `0.0.0.0:8080->80/tcp, [::]:8080->80/tcp`, exposed-only ports as `80/tcp`.
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

export function displayPorts(ports: ApiPort[]): string {
  const groups: Record<string, { ip: string; type: string; pairs: [number, number][] }> = {};
  const order: string[] = [];
  const exposed: Record<string, number[]> = {};
  const exposedOrder: string[] = [];
  const sorted = [...ports].sort((a, b) => (a.Type !== b.Type ? (a.Type < b.Type ? -1 : 1) : a.PrivatePort - b.PrivatePort) || (a.PublicPort ?? 0) - (b.PublicPort ?? 0) || ((a.IP ?? '') < (b.IP ?? '') ? -1 : (a.IP ?? '') > (b.IP ?? '') ? 1 : 0));
  for (const p of sorted) {
    if (p.IP !== undefined && p.IP !== '' && p.PublicPort) {
      const key = `${p.IP}|${p.Type}`;
      if (!groups[key]) {
        groups[key] = { ip: p.IP, type: p.Type, pairs: [] };
        order.push(key);
      }
      groups[key].pairs.push([p.PublicPort, p.PrivatePort]);
    } else {
      if (!exposed[p.Type]) {
        exposed[p.Type] = [];
        exposedOrder.push(p.Type);
      }
      exposed[p.Type]!.push(p.PrivatePort);
    }
  }
  const out: string[] = [];
  for (const key of order) {
    const g = groups[key]!;
    const pairs = g.pairs.sort((a, b) => a[1] - b[1]);
    let i = 0;
    while (i < pairs.length) {
      let j = i;
      while (j + 1 < pairs.length && pairs[j + 1]![0] === pairs[j]![0] + 1 && pairs[j + 1]![1] === pairs[j]![1] + 1) j++;
      const [pub0, priv0] = pairs[i]!;
      const [pub1, priv1] = pairs[j]!;
      out.push(i === j ? `${hostIp(g.ip)}:${pub0}->${priv0}/${g.type}` : `${hostIp(g.ip)}:${pub0}-${pub1}->${priv0}-${priv1}/${g.type}`);
      i = j + 1;
    }
  }
  for (const type of exposedOrder) {
    const nums = [...new Set(exposed[type]!)].sort((a, b) => a - b);
    let i = 0;
    while (i < nums.length) {
      let j = i;
      while (j + 1 < nums.length && nums[j + 1] === nums[j]! + 1) j++;
      out.push(i === j ? `${nums[i]}/${type}` : `${nums[i]}-${nums[j]}/${type}`);
      i = j + 1;
    }
  }
  return out.join(', ');
}
