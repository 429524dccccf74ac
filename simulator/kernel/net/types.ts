/**
 * The network as plain data. Every host has network namespaces keyed by id (the root one is
 * `ROOT_NETNS`, the inode number `/proc/1/ns/net` shows on CentOS 7); each namespace holds its own
 * interfaces, routes, neighbour cache, iptables tables, IPVS services and socket listeners. Hosts'
 * physical NICs sit on named L2 segments (`lab`), which is how several hosts share one network.
 */

/** Inode number of the initial network namespace (`net:[4026531956]`). */
export const ROOT_NETNS = 4026531956;

export type LinkKind = 'loopback' | 'ether' | 'bridge' | 'veth' | 'vxlan' | 'dummy';

export interface IfAddr {
  /** Dotted quad, e.g. 172.17.0.1. */
  ip: string;
  prefix: number;
  /** `host` for 127.0.0.1, `global` otherwise. */
  scope: 'host' | 'link' | 'global';
  /** iproute2 prints `noprefixroute` for NetworkManager-managed addresses (CentOS NICs). */
  noprefixroute?: boolean;
  /** Secondary addresses print `secondary` and the label. */
  secondary?: boolean;
}

/** Where the other end of a veth pair lives. */
export interface PeerRef {
  host: string;
  netns: number;
  ifindex: number;
}

export interface VxlanInfo {
  vni: number;
  /** UDP port (Linux default 8472 for flannel; IANA 4789). */
  port: number;
  /** Underlay device and local address. */
  dev: string;
  local: string;
  /** Forwarding database: inner MAC -> remote VTEP address. */
  fdb: Record<string, string>;
}

export interface LinkStats {
  rxPackets: number;
  rxBytes: number;
  txPackets: number;
  txBytes: number;
}

export interface Link {
  ifindex: number;
  name: string;
  kind: LinkKind;
  mac: string;
  mtu: number;
  /** Administratively up (`ip link set X up`). */
  up: boolean;
  /** Bridge this interface is a port of (a bridge in the same namespace). */
  master?: string;
  /** For veth: the other end. */
  peer?: PeerRef;
  /** For physical NICs: the L2 segment the cable goes to. */
  segment?: string;
  addrs: IfAddr[];
  /** Whether an IPv6 link-local address shows (`inet6 fe80::.../64 scope link`). */
  ipv6: boolean;
  /** Interface ever had carrier (the kernel then adds the IPv6 link-local address). */
  hadCarrier?: boolean;
  qdisc: string;
  /** Transmit queue length (`qlen 1000`); 0 prints nothing. */
  txqlen: number;
  vxlan?: VxlanInfo;
  stats: LinkStats;
}

export interface Route {
  /** `default` or a CIDR (`10.244.2.0/24`; a host route is `1.2.3.4` or `/32`). */
  dst: string;
  via?: string;
  dev: string;
  proto?: 'kernel' | 'static' | 'boot' | 'dhcp';
  scope?: 'link' | 'host' | 'global';
  src?: string;
  metric?: number;
  /** `onlink` next hop (flannel host-gw / vxlan routes). */
  onlink?: boolean;
}

export interface Neighbour {
  ip: string;
  dev: string;
  mac: string;
  state: 'REACHABLE' | 'STALE' | 'PERMANENT' | 'FAILED' | 'INCOMPLETE';
}

/** One match module of a rule as `iptables -S` prints it (`-m addrtype --dst-type LOCAL`). */
export interface RuleMatch {
  module: string;
  /** Options in order, each with its negation: [['--dst-type', 'LOCAL', false]]. */
  options: [string, string, boolean][];
}

export interface Rule {
  protocol?: string;
  protocolNeg?: boolean;
  source?: string;
  sourceNeg?: boolean;
  destination?: string;
  destinationNeg?: boolean;
  inIface?: string;
  inIfaceNeg?: boolean;
  outIface?: string;
  outIfaceNeg?: boolean;
  matches: RuleMatch[];
  /** Builtin target (ACCEPT, DROP, REJECT, DNAT, SNAT, MASQUERADE, RETURN, LOG) or a chain to jump to. */
  target?: string;
  /** `-g`: goto instead of jump. */
  goto?: boolean;
  /** Target options in order (`--to-destination 172.17.0.2:80`). */
  targetOptions: [string, string][];
  packets: number;
  bytes: number;
}

export interface Chain {
  /** Builtin chains have a policy; user chains do not. */
  policy?: 'ACCEPT' | 'DROP';
  rules: Rule[];
  /** Policy counters of builtin chains. */
  packets: number;
  bytes: number;
}

export type TableName = 'filter' | 'nat' | 'mangle' | 'raw';

export type Tables = Record<TableName, Record<string, Chain>>;

export interface IpvsDest {
  ip: string;
  port: number;
  /** Masq / Route / Tunnel as ipvsadm prints (`Masq`). */
  forward: 'Masq' | 'Route' | 'Tunnel';
  weight: number;
  activeConn: number;
  inActConn: number;
  /** Finished connections (client `ip:port`) and when each leaves TIME_WAIT; InActConn counts them until then. */
  closing?: { client: string; until: number }[];
  stats?: IpvsStats;
}

/** The counters `ipvsadm -Ln --stats` prints. */
export interface IpvsStats {
  conns: number;
  inPkts: number;
  outPkts: number;
  inBytes: number;
  outBytes: number;
}

export interface IpvsService {
  protocol: 'TCP' | 'UDP';
  ip: string;
  port: number;
  scheduler: string;
  dests: IpvsDest[];
  stats?: IpvsStats;
  /** Scheduler state: the last destination chosen (rr, wrr) and wrr's current weight. */
  last?: number;
  cw?: number;
}

/**
 * A bound socket. A server process binds `0.0.0.0:80` (or an exact address); a connection that
 * reaches it is answered by `service` (an HTTP service in `world.services`, or a raw TCP/UDP
 * handler registered with `registerRawService`). `forward` makes it a proxy (docker-proxy): the
 * connection is re-made from this namespace to that address.
 */
export interface Listener {
  proto: 'tcp' | 'udp';
  ip: string;
  port: number;
  /** Owning process (host pid) and its command name for `ss -p`/`netstat -p`. */
  pid?: number;
  command?: string;
  /** Socket file descriptor number `ss -p` prints (`fd=4`). */
  fd?: number;
  service?: string;
  forward?: { ip: string; port: number };
  /** Listen backlog `ss -l` prints in Send-Q (128 by default). */
  backlog?: number;
}

/** An established connection, kept so `ss -tan` can show it (servers that hold connections). */
export interface Connection {
  proto: 'tcp' | 'udp';
  localIp: string;
  localPort: number;
  remoteIp: string;
  remotePort: number;
  state: 'ESTAB' | 'TIME-WAIT' | 'SYN-SENT';
  pid?: number;
  command?: string;
}

/** Addresses and ports of one direction of a tracked flow. */
export interface CtTuple {
  src: string;
  dst: string;
  sport: number;
  dport: number;
}

/** A conntrack entry: the flow as it came (orig) and as the answer travels (reply, NAT applied). */
export interface CtEntry {
  proto: 'tcp' | 'udp';
  orig: CtTuple;
  reply: CtTuple;
  /** TCP state (`TIME_WAIT`); UDP has none. */
  state?: string;
  assured: boolean;
  /** When the entry times out. */
  until: number;
}

export interface Netns {
  id: number;
  /** Name under /var/run/netns (`ip netns add x`), when it has one. */
  name?: string;
  links: Record<string, Link>;
  /** Explicit routes; connected routes are derived from addresses of up links. */
  routes: Route[];
  neigh: Neighbour[];
  tables: Tables;
  ipvs: IpvsService[];
  listeners: Listener[];
  connections: Connection[];
  /** The connection tracking table (`conntrack -L`), oldest first; absent until a flow is tracked. */
  conntrack?: CtEntry[];
  /** net.ipv4.ip_forward. */
  ipForward: boolean;
  /** Next ephemeral source port (32768 up, as net.ipv4.ip_local_port_range begins). */
  nextPort: number;
  /** Ids this namespace gave its peers' namespaces (`link-netnsid 0`), by namespace id. */
  nsids?: Record<string, number>;
}

export interface HostNet {
  namespaces: Record<string, Netns>;
  /** Next interface index on this host (indices stay with an interface moved between namespaces). */
  nextIfindex: number;
  /** Next anonymous namespace id when the caller does not bring one. */
  nextNetnsId: number;
  /** MAC counter, so every generated address is distinct and deterministic. */
  macSeq: number;
}

/** One hop of a traced packet, for diagrams and `ping`/`curl -v` explanations. */
export interface TraceHop {
  host: string;
  netns: number;
  /** Interface the packet is seen on, and which way it goes. */
  dev: string;
  dir: 'out' | 'in' | 'local';
  /** What happened here, in words: `DNAT to 172.17.0.2:80`, `bridge docker0 forwards to vethab12`. */
  note?: string;
  eth?: { src: string; dst: string };
  ip: { src: string; dst: string; proto: 'tcp' | 'udp' | 'icmp'; ttl: number };
  tcp?: { sport: number; dport: number; flags: string };
  udp?: { sport: number; dport: number };
  /** Outer headers when the packet is VXLAN-encapsulated on this hop. */
  vxlan?: { vni: number; outer: { src: string; dst: string; sport: number; dport: number } };
}

export interface Trace {
  id: number;
  at: number;
  proto: 'tcp' | 'udp' | 'icmp';
  from: { host: string; netns: number };
  dst: { ip: string; port?: number };
  hops: TraceHop[];
  /** The IPVS service and real server that took the connection, so its traffic can be counted. */
  ipvs?: { host: string; netns: number; protocol: 'TCP' | 'UDP'; vip: string; vport: number; dest: string };
  /** How it ended: `delivered`, or the errno. */
  outcome: string;
}

export interface NetState {
  hosts: Record<string, HostNet>;
  /** Most recent traces (newest last, at most TRACE_KEEP). */
  traces: Trace[];
  nextTraceId: number;
  /** DNS zones registered by resolvers: resolver name -> name -> addresses. */
  dns: Record<string, DnsZone>;
}

export interface DnsZone {
  /** Where the resolver answers: host, namespace and address (port 53). */
  host: string;
  netns: number;
  ip: string;
  /** Names (lowercase, no trailing dot) -> IPv4 addresses. */
  records: Record<string, string[]>;
  /** Resolver to ask for names it does not hold (`8.8.8.8` style), by zone name. */
  forward?: string;
  /** Answers carry the AA bit (CoreDNS for its cluster zone); nslookup then omits `Non-authoritative answer:`. */
  authoritative?: boolean;
}
