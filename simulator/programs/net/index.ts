/** Program models of the net group: name -> model, and name -> install path on a CentOS 7 host. */
import type { Program } from '../../kernel/types.ts';
import { curl } from './curl.ts';
import { route } from './route.ts';
import { onDemand } from '../on-demand.ts';
// Registers the hooks of a ping that runs on the lab clock (ping-clock.ts).
import './ping-clock.ts';

// Models in the simulator's extras part (simulator/lazy), loaded the first time one runs.
const conntrack = onDemand('conntrack');
const ip = onDemand('ip');
const busyboxPing = onDemand('busyboxPing');
const ping = onDemand('ping');
const arp = onDemand('arp');
const bridge = onDemand('bridge');
const brctl = onDemand('brctl');
const ifconfig = onDemand('ifconfig');
const iptables = onDemand('iptables');
const ipvsadm = onDemand('ipvsadm');
const netstat = onDemand('netstat');
const busyboxNslookup = onDemand('busyboxNslookup');
const nslookup = onDemand('nslookup');
const ss = onDemand('ss');
const telnet = onDemand('telnet');
const ncat = onDemand('ncat');
const busyboxNc = onDemand('busyboxNc');
const busyboxWget = onDemand('busyboxWget');
const wget = onDemand('wget');

export const PROGRAMS: Record<string, Program> = {
  arp,
  brctl,
  bridge,
  conntrack,
  curl,
  ifconfig,
  ip,
  iptables,
  ipvsadm,
  nc: ncat,
  'busybox-nc': busyboxNc,
  netstat,
  nslookup,
  'busybox-nslookup': busyboxNslookup,
  ping,
  'busybox-ping': busyboxPing,
  route,
  ss,
  telnet,
  wget,
  'busybox-wget': busyboxWget,
};

/**
 * What a CentOS 7.9 minimal host has from the start (iproute, iputils, curl, iptables; arp and the
 * lookup/probe tools until the package model offers them). wget, net-tools (netstat, ifconfig,
 * route), bridge-utils (brctl), telnet and ipvsadm arrive with `yum install`, which writes their executables.
 */
export const INSTALL_PATHS: Record<string, string> = {
  arp: '/usr/sbin/arp',
  bridge: '/usr/sbin/bridge',
  curl: '/usr/bin/curl',
  ip: '/usr/sbin/ip',
  iptables: '/usr/sbin/iptables',
  nc: '/usr/bin/nc',
  nslookup: '/usr/bin/nslookup',
  ping: '/usr/bin/ping',
  ss: '/usr/sbin/ss',
};
