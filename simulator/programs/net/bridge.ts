/**
 * Bridge tools: `brctl show|addbr|delbr|addif|delif` (bridge-utils 1.5: tab-separated columns,
 * bridge id `8000.<mac>`, ports sorted by name, one per line after the first) and
 * `bridge link [show]` (iproute-4.11 bridge/link.c: `N: name state UP @peer: <flags> mtu M master B
 * state forwarding priority 32 cost 2 `).
 */
import { byCodePoint } from '../../core/format.ts';
import { addBridge, deleteLink, NetError, setMaster } from '../../kernel/net/links.ts';
import { linkByIndex, linksOf } from '../../kernel/net/state.ts';
import type { Program } from '../../kernel/types.ts';
import { netCtx } from './common.ts';
import { linkView } from './linkview.ts';

export const brctl: Program = (ctx) => {
  const [cmd, ...rest] = ctx.argv.slice(1);
  const n = netCtx(ctx);
  const world = ctx.world;
  if (cmd === undefined) {
    ctx.stdout('Usage: brctl [commands]\ncommands:\n\taddbr     \t<bridge>\t\tadd bridge\n\tdelbr     \t<bridge>\t\tdelete bridge\n\taddif     \t<bridge> <device>\tadd interface to bridge\n\tdelif     \t<bridge> <device>\tdelete interface from bridge\n\tshow      \t[ <bridge> ]\t\tshow a list of bridges\n');
    return 1;
  }
  try {
    if (cmd === 'show') {
      let out = 'bridge name\tbridge id\t\tSTP enabled\tinterfaces\n';
      const bridges = linksOf(n.ns).filter((l) => l.kind === 'bridge' && (rest.length === 0 || rest.includes(l.name)));
      for (const name of rest) {
        if (!n.ns.links[name] || n.ns.links[name]!.kind !== 'bridge') {
          ctx.stderr(`bridge ${name} does not exist!\n`);
        }
      }
      for (const br of bridges.sort((a, b) => byCodePoint(a.name, b.name))) {
        const ports = linksOf(n.ns).filter((l) => l.master === br.name).map((l) => l.name).sort(byCodePoint);
        out += `${br.name}\t\t8000.${br.mac.replace(/:/g, '')}\tno\t\t${ports.join('\n\t\t\t\t\t\t\t')}\n`;
      }
      ctx.stdout(out);
      return 0;
    }
    if (cmd === 'addbr' || cmd === 'delbr') {
      const name = rest[0];
      if (!name) {
        ctx.stderr(`Incorrect number of arguments for command\nUsage: brctl ${cmd} <bridge>\n`);
        return 1;
      }
      if (cmd === 'addbr') {
        if (n.ns.links[name]) {
          ctx.stderr(`device ${name} already exists; can't create bridge with the same name\n`);
          return 1;
        }
        addBridge(world, n.host, n.netns, name);
      } else {
        const br = n.ns.links[name];
        if (!br || br.kind !== 'bridge') {
          ctx.stderr(`bridge ${name} doesn't exist; can't delete it\n`);
          return 1;
        }
        if (br.up) {
          ctx.stderr(`bridge ${name} is still up; can't delete it\n`);
          return 1;
        }
        deleteLink(world, n.host, n.netns, name);
      }
      return 0;
    }
    if (cmd === 'addif' || cmd === 'delif') {
      const [br, dev] = rest;
      if (!br || !dev) {
        ctx.stderr(`Incorrect number of arguments for command\nUsage: brctl ${cmd} <bridge> <device>\n`);
        return 1;
      }
      if (!n.ns.links[dev]) {
        ctx.stderr(`interface ${dev} does not exist!\n`);
        return 1;
      }
      if (!n.ns.links[br] || n.ns.links[br]!.kind !== 'bridge') {
        ctx.stderr(`bridge ${br} does not exist!\n`);
        return 1;
      }
      if (cmd === 'addif') {
        if (n.ns.links[dev]!.master) {
          ctx.stderr(`device ${dev} is already a member of a bridge; can't enslave it to bridge ${br}.\n`);
          return 1;
        }
        setMaster(world, n.host, n.netns, dev, br);
      } else {
        if (n.ns.links[dev]!.master !== br) {
          ctx.stderr(`device ${dev} is not a slave of ${br}\n`);
          return 1;
        }
        setMaster(world, n.host, n.netns, dev, undefined);
      }
      return 0;
    }
  } catch (e) {
    if (e instanceof NetError) {
      ctx.stderr(e.message + '\n');
      return 1;
    }
    throw e;
  }
  ctx.stderr(`never heard of command [${cmd}]\n`);
  return 1;
};

export const bridge: Program = (ctx) => {
  const [obj, cmd] = ctx.argv.slice(1);
  if (obj === undefined || !'link'.startsWith(obj) || (cmd !== undefined && cmd !== 'show' && cmd !== 'list' && cmd !== 'lst')) {
    if (obj !== undefined && ('fdb'.startsWith(obj) || 'vlan'.startsWith(obj) || 'mdb'.startsWith(obj) || 'monitor'.startsWith(obj))) {
      ctx.stderr(`podbook: 'bridge ${obj}' is not simulated\n`);
      return 1;
    }
    ctx.stderr('Usage: bridge [ OPTIONS ] OBJECT { COMMAND | help }\nwhere  OBJECT := { link | fdb | mdb | vlan | monitor }\n       OPTIONS := { -V[ersion] | -s[tatistics] | -d[etails] |\n                    -o[neline] | -t[imestamp] | -n[etns] name |\n                    -c[ompressvlan] -p[retty] -j{son} }\n');
    return obj === undefined ? 255 : 255;
  }
  const n = netCtx(ctx);
  let out = '';
  for (const l of linksOf(n.ns)) {
    if (!l.master) continue;
    const v = linkView(ctx.world, n.host, n.netns, l);
    let peer: string;
    if (l.peer) {
      const here = linkByIndex(n.ns, l.peer.ifindex);
      peer = `@${here ? here.name : '(null)'}: `;
    } else peer = ': ';
    out += `${l.ifindex}: ${l.name} state ${v.state} ${peer}<${v.flags.join(',')}> mtu ${l.mtu} master ${l.master} state ${v.carrier ? 'forwarding' : 'disabled'} priority 32 cost 2 \n`;
  }
  ctx.stdout(out);
  return 0;
};
