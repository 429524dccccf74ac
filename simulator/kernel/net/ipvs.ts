/**
 * IPVS virtual services per namespace, as kube-proxy in ipvs mode keeps them and `ipvsadm -Ln`
 * lists them. Kept as data; the packet walk does not consult them yet.
 */
import type { World } from '../world.ts';
import { getNetns } from './state.ts';
import type { IpvsDest, IpvsService } from './types.ts';

/** Adds or replaces a virtual service (`ipvsadm -A -t ip:port -s rr`). */
export function setIpvsService(world: World, host: string, netns: number, svc: Omit<IpvsService, 'dests'> & { dests?: IpvsDest[] }): IpvsService {
  const ns = getNetns(world, host, netns);
  const existing = ns.ipvs.find((s) => s.protocol === svc.protocol && s.ip === svc.ip && s.port === svc.port);
  const stored: IpvsService = { ...svc, dests: svc.dests ?? existing?.dests ?? [] };
  if (existing) ns.ipvs[ns.ipvs.indexOf(existing)] = stored;
  else ns.ipvs.push(stored);
  return stored;
}

export function deleteIpvsService(world: World, host: string, netns: number, protocol: 'TCP' | 'UDP', ip: string, port: number): boolean {
  const ns = getNetns(world, host, netns);
  const before = ns.ipvs.length;
  ns.ipvs = ns.ipvs.filter((s) => !(s.protocol === protocol && s.ip === ip && s.port === port));
  return ns.ipvs.length < before;
}
