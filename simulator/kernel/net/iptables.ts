/**
 * iptables as data: tables of chains of rules, parsed from and printed back to the argument form
 * (`! -i docker0 -p tcp -m tcp --dport 8080 -j DNAT --to-destination 172.17.0.2:80`), and evaluated
 * against a simulated packet. The Docker engine and kube-proxy add rules with `parseRule` so that
 * `iptables -S` shows exactly what they asked for.
 */
import { inCidr, parseCidr } from './addr.ts';
import type { Chain, Rule, RuleMatch, TableName, Tables } from './types.ts';

export const BUILTIN_CHAINS: Record<TableName, string[]> = {
  filter: ['INPUT', 'FORWARD', 'OUTPUT'],
  nat: ['PREROUTING', 'INPUT', 'OUTPUT', 'POSTROUTING'],
  mangle: ['PREROUTING', 'INPUT', 'FORWARD', 'OUTPUT', 'POSTROUTING'],
  raw: ['PREROUTING', 'OUTPUT'],
};

export const TABLE_NAMES: TableName[] = ['filter', 'nat', 'mangle', 'raw'];

/** Targets the kernel provides (anything else names a chain). */
export const BUILTIN_TARGETS = ['ACCEPT', 'DROP', 'RETURN', 'REJECT', 'DNAT', 'SNAT', 'MASQUERADE', 'LOG', 'MARK', 'REDIRECT', 'QUEUE'];

export function emptyTables(): Tables {
  const tables = {} as Tables;
  for (const t of TABLE_NAMES) {
    tables[t] = {};
    for (const c of BUILTIN_CHAINS[t]) tables[t][c] = { policy: 'ACCEPT', rules: [], packets: 0, bytes: 0 };
  }
  return tables;
}

/** Chain names in the order iptables lists them: builtins in hook order, then user chains sorted. */
export function chainOrder(tables: Tables, table: TableName): string[] {
  const builtins = BUILTIN_CHAINS[table];
  const user = Object.keys(tables[table])
    .filter((c) => !builtins.includes(c))
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return [...builtins, ...user];
}

/** How many rules in the table jump to `chain` (`Chain DOCKER (2 references)`). */
export function references(tables: Tables, table: TableName, chain: string): number {
  let n = 0;
  for (const c of Object.values(tables[table])) for (const r of c.rules) if (r.target === chain) n++;
  return n;
}

export class RuleParseError extends Error {}

/** Options that take a value, by match module (for parsing `-m x --opt value`). */
const MATCH_OPTIONS: Record<string, string[]> = {
  tcp: ['--dport', '--sport', '--destination-port', '--source-port', '--tcp-flags', '--syn'],
  udp: ['--dport', '--sport', '--destination-port', '--source-port'],
  icmp: ['--icmp-type'],
  addrtype: ['--dst-type', '--src-type'],
  conntrack: ['--ctstate', '--ctorigdst', '--ctorigdstport'],
  state: ['--state'],
  comment: ['--comment'],
  multiport: ['--dports', '--sports', '--ports'],
  mark: ['--mark'],
  physdev: ['--physdev-is-bridged', '--physdev-in', '--physdev-out'],
  statistic: ['--mode', '--probability', '--every', '--packet'],
  recent: ['--name', '--set', '--rcheck', '--seconds', '--hitcount', '--mask', '--rsource'],
  set: ['--match-set'],
};

/** Options of flag type (no value). */
const FLAG_OPTIONS = new Set(['--syn', '--physdev-is-bridged', '--set', '--rcheck', '--rsource']);

const TARGET_OPTIONS = new Set(['--to-destination', '--to-source', '--to-ports', '--reject-with', '--log-prefix', '--log-level', '--set-xmark', '--set-mark', '--random', '--random-fully']);

const OPTION_ALIASES: Record<string, string> = { '--destination-port': '--dport', '--source-port': '--sport' };

/**
 * Parses a rule specification (everything after `-A CHAIN`). Throws RuleParseError with iptables'
 * own wording for what it does not understand.
 */
export function parseRule(spec: string | string[]): Rule {
  const args = typeof spec === 'string' ? splitSpec(spec) : [...spec];
  const rule: Rule = { matches: [], targetOptions: [], packets: 0, bytes: 0 };
  let neg = false;
  let current: RuleMatch | undefined;
  for (let i = 0; i < args.length; i++) {
    const a = args[i] as string;
    const value = (): string => {
      const v = args[++i];
      if (v === undefined) throw new RuleParseError(`option "${a}" requires an argument`);
      return v;
    };
    if (a === '!') {
      neg = true;
      continue;
    }
    switch (a) {
      case '-p':
      case '--protocol':
        rule.protocol = value().toLowerCase();
        if (neg) rule.protocolNeg = true;
        break;
      case '-s':
      case '--source':
        rule.source = normCidr(value());
        if (neg) rule.sourceNeg = true;
        break;
      case '-d':
      case '--destination':
        rule.destination = normCidr(value());
        if (neg) rule.destinationNeg = true;
        break;
      case '-i':
      case '--in-interface':
        rule.inIface = value();
        if (neg) rule.inIfaceNeg = true;
        break;
      case '-o':
      case '--out-interface':
        rule.outIface = value();
        if (neg) rule.outIfaceNeg = true;
        break;
      case '-m':
      case '--match': {
        const module = value();
        current = { module, options: [] };
        rule.matches.push(current);
        break;
      }
      case '-j':
      case '--jump':
      case '-g':
      case '--goto':
        rule.target = value();
        if (a === '-g' || a === '--goto') rule.goto = true;
        break;
      default: {
        if (TARGET_OPTIONS.has(a) && rule.target) {
          rule.targetOptions.push([a, a === '--random' || a === '--random-fully' ? '' : value()]);
          break;
        }
        const opt = OPTION_ALIASES[a] ?? a;
        // `-p tcp --dport 80` loads the tcp match implicitly, as iptables does.
        let owner = current && MATCH_OPTIONS[current.module]?.includes(a) ? current : undefined;
        if (!owner && rule.protocol && MATCH_OPTIONS[rule.protocol]?.includes(a)) {
          owner = rule.matches.find((m) => m.module === rule.protocol);
          if (!owner) {
            owner = { module: rule.protocol, options: [] };
            rule.matches.push(owner);
          }
        }
        if (!owner) throw new RuleParseError(`unknown option "${a}"`);
        owner.options.push([opt, FLAG_OPTIONS.has(a) ? '' : value(), neg]);
      }
    }
    neg = false;
  }
  return rule;
}

function normCidr(text: string): string {
  const c = parseCidr(text);
  if (!c) throw new RuleParseError(`host/network \`${text}' not found`);
  return `${c.ip}/${c.prefix}`;
}

/** Splits a rule written as one string, honouring double quotes (`--comment "a b"`). */
export function splitSpec(text: string): string[] {
  const out: string[] = [];
  const re = /"((?:[^"\\]|\\.)*)"|(\S+)/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text))) out.push(m[1] !== undefined ? m[1].replace(/\\(.)/g, '$1') : (m[2] as string));
  return out;
}

/** Quotes a value the way iptables-save does: bare when only [A-Za-z0-9_-], else in double quotes. */
export function saveString(value: string): string {
  return /^[A-Za-z0-9_-]+$/.test(value) ? value : `"${value.replace(/(["\\'])/g, '\\$1')}"`;
}

/** A rule in `iptables -S` form, without the `-A CHAIN` prefix. */
export function formatRuleSpec(rule: Rule): string {
  const parts: string[] = [];
  const field = (neg: boolean | undefined, flag: string, v: string | undefined): void => {
    if (v === undefined) return;
    parts.push(`${neg ? '! ' : ''}${flag} ${v}`);
  };
  field(rule.sourceNeg, '-s', rule.source);
  field(rule.destinationNeg, '-d', rule.destination);
  field(rule.inIfaceNeg, '-i', rule.inIface);
  field(rule.outIfaceNeg, '-o', rule.outIface);
  field(rule.protocolNeg, '-p', rule.protocol);
  for (const m of rule.matches) {
    parts.push(`-m ${m.module}`);
    for (const [opt, v, neg] of m.options) parts.push(`${neg ? '! ' : ''}${opt}${v === '' ? '' : ' ' + (opt === '--comment' ? saveString(v) : v)}`);
  }
  if (rule.target) {
    parts.push(`${rule.goto ? '-g' : '-j'} ${rule.target}`);
    for (const [opt, v] of rule.targetOptions) parts.push(v === '' ? opt : `${opt} ${v}`);
  }
  return parts.join(' ');
}

/** Two rules are the same for `-D`/`-C` when their specifications print the same. */
export function sameRule(a: Rule, b: Rule): boolean {
  return formatRuleSpec(a) === formatRuleSpec(b);
}

/** The match and target text `iptables -L` prints after the addresses (each part begins with a space). */
export function formatRuleExtras(rule: Rule): string {
  let out = '';
  for (const m of rule.matches) out += formatMatchList(m);
  const opt = (name: string): string | undefined => rule.targetOptions.find(([o]) => o === name)?.[1];
  switch (rule.target) {
    case 'DNAT':
      if (opt('--to-destination') !== undefined) out += ` to:${opt('--to-destination')}`;
      break;
    case 'SNAT':
      if (opt('--to-source') !== undefined) out += ` to:${opt('--to-source')}`;
      break;
    case 'MASQUERADE':
      if (opt('--to-ports') !== undefined) out += ` masq ports: ${opt('--to-ports')}`;
      break;
    case 'REDIRECT':
      if (opt('--to-ports') !== undefined) out += ` redir ports ${opt('--to-ports')}`;
      break;
    case 'REJECT':
      out += ` reject-with ${opt('--reject-with') ?? 'icmp-port-unreachable'}`;
      break;
    case 'MARK':
      if (opt('--set-xmark') !== undefined) out += ` MARK xset ${opt('--set-xmark')}`;
      break;
  }
  return out;
}

function formatMatchList(m: RuleMatch): string {
  const o = (name: string): [string, boolean] | undefined => {
    const found = m.options.find(([k]) => k === name);
    return found ? [found[1], found[2]] : undefined;
  };
  const bang = (neg: boolean): string => (neg ? '!' : '');
  switch (m.module) {
    case 'tcp':
    case 'udp': {
      let s = ` ${m.module}`;
      const sp = o('--sport');
      const dp = o('--dport');
      if (sp) s += ` spt${sp[0].includes(':') ? 's' : ''}:${bang(sp[1])}${sp[0]}`;
      if (dp) s += ` dpt${dp[0].includes(':') ? 's' : ''}:${bang(dp[1])}${dp[0]}`;
      return s;
    }
    case 'addrtype': {
      let s = ' ADDRTYPE match';
      const src = o('--src-type');
      const dst = o('--dst-type');
      if (src) s += ` src-type ${bang(src[1])}${src[0]}`;
      if (dst) s += ` dst-type ${bang(dst[1])}${dst[0]}`;
      return s;
    }
    case 'conntrack': {
      const st = o('--ctstate');
      return st ? ` ctstate ${bang(st[1])}${st[0]}` : '';
    }
    case 'state': {
      const st = o('--state');
      return st ? ` state ${bang(st[1])}${st[0]}` : '';
    }
    case 'comment': {
      const c = o('--comment');
      return c ? ` /* ${c[0]} */` : '';
    }
    case 'multiport': {
      const d = o('--dports');
      const s = o('--sports');
      return d ? ` multiport dports ${bang(d[1])}${d[0]}` : s ? ` multiport sports ${bang(s[1])}${s[0]}` : '';
    }
    case 'mark': {
      const mk = o('--mark');
      return mk ? ` mark match ${bang(mk[1])}${mk[0]}` : '';
    }
    case 'physdev':
      return o('--physdev-is-bridged') ? ' PHYSDEV match --physdev-is-bridged' : '';
    default:
      return '';
  }
}

/** A packet as the rule matcher sees it. */
export interface PacketView {
  proto: 'tcp' | 'udp' | 'icmp';
  src: string;
  dst: string;
  sport?: number;
  dport?: number;
  inIface?: string;
  outIface?: string;
  /** Conntrack state: only NEW connections are modelled (replies follow the connection). */
  ctstate: 'NEW' | 'ESTABLISHED' | 'RELATED';
}

export interface MatchContext {
  /** Address type of an address in the evaluating namespace (`--dst-type LOCAL`). */
  addrType(ip: string): 'LOCAL' | 'UNICAST' | 'BROADCAST' | 'MULTICAST';
}

function portMatches(spec: string, port: number | undefined): boolean {
  if (port === undefined) return false;
  if (spec.includes(':')) {
    const [lo, hi] = spec.split(':');
    return port >= Number(lo || 0) && port <= Number(hi || 65535);
  }
  return port === Number(spec);
}

function ifaceMatches(pattern: string, name: string | undefined): boolean {
  if (name === undefined) return false;
  return pattern.endsWith('+') ? name.startsWith(pattern.slice(0, -1)) : pattern === name;
}

/** Whether a rule's matches all hold for a packet. Unmodelled match modules match. */
export function ruleMatches(rule: Rule, p: PacketView, ctx: MatchContext): boolean {
  const check = (cond: boolean, neg: boolean | undefined): boolean => (neg ? !cond : cond);
  if (rule.protocol && rule.protocol !== 'all' && !check(rule.protocol === p.proto, rule.protocolNeg)) return false;
  if (rule.source && !check(inCidr(p.src, parseCidr(rule.source)!), rule.sourceNeg)) return false;
  if (rule.destination && !check(inCidr(p.dst, parseCidr(rule.destination)!), rule.destinationNeg)) return false;
  if (rule.inIface && !check(ifaceMatches(rule.inIface, p.inIface), rule.inIfaceNeg)) return false;
  if (rule.outIface && !check(ifaceMatches(rule.outIface, p.outIface), rule.outIfaceNeg)) return false;
  for (const m of rule.matches) {
    for (const [opt, v, neg] of m.options) {
      let ok = true;
      switch (`${m.module} ${opt}`) {
        case 'tcp --dport':
        case 'udp --dport':
          ok = p.proto === m.module && portMatches(v, p.dport);
          break;
        case 'tcp --sport':
        case 'udp --sport':
          ok = p.proto === m.module && portMatches(v, p.sport);
          break;
        case 'multiport --dports':
        case 'multiport --ports':
          ok = v.split(',').some((s) => portMatches(s, p.dport));
          break;
        case 'multiport --sports':
          ok = v.split(',').some((s) => portMatches(s, p.sport));
          break;
        case 'addrtype --dst-type':
          ok = v.split(',').includes(ctx.addrType(p.dst));
          break;
        case 'addrtype --src-type':
          ok = v.split(',').includes(ctx.addrType(p.src));
          break;
        case 'conntrack --ctstate':
        case 'state --state':
          ok = v.split(',').includes(p.ctstate);
          break;
        case 'statistic --probability':
          // Deterministic: the first endpoint of a kube-proxy chain takes everything it is offered.
          ok = true;
          break;
      }
      if (!check(ok, neg)) return false;
    }
  }
  return true;
}

export type Verdict =
  | { kind: 'ACCEPT' }
  | { kind: 'DROP' }
  | { kind: 'REJECT'; with: string }
  | { kind: 'DNAT'; to: string }
  | { kind: 'SNAT'; to: string }
  | { kind: 'MASQUERADE' }
  | { kind: 'REDIRECT'; ports: string };

/**
 * Runs a packet through a chain (and the chains it jumps to) and returns the verdict, counting
 * matched rules. NAT targets end the traversal of the nat table like ACCEPT with a rewrite.
 */
export function evaluate(tables: Tables, table: TableName, chain: string, p: PacketView, ctx: MatchContext, size = 60): Verdict {
  const result = walk(tables, table, chain, p, ctx, size, 0);
  if (result) return result;
  const c = tables[table][chain] as Chain;
  c.packets++;
  c.bytes += size;
  return { kind: c.policy === 'DROP' ? 'DROP' : 'ACCEPT' };
}

function walk(tables: Tables, table: TableName, chainName: string, p: PacketView, ctx: MatchContext, size: number, depth: number): Verdict | undefined {
  const chain = tables[table][chainName];
  if (!chain || depth > 32) return undefined;
  for (const rule of chain.rules) {
    if (!ruleMatches(rule, p, ctx)) continue;
    rule.packets++;
    rule.bytes += size;
    const opt = (name: string): string => rule.targetOptions.find(([o]) => o === name)?.[1] ?? '';
    switch (rule.target) {
      case undefined:
      case 'LOG':
      case 'MARK':
        continue;
      case 'ACCEPT':
        return { kind: 'ACCEPT' };
      case 'DROP':
        return { kind: 'DROP' };
      case 'REJECT':
        return { kind: 'REJECT', with: opt('--reject-with') || 'icmp-port-unreachable' };
      case 'RETURN':
        return undefined;
      case 'DNAT':
        return { kind: 'DNAT', to: opt('--to-destination') };
      case 'SNAT':
        return { kind: 'SNAT', to: opt('--to-source') };
      case 'MASQUERADE':
        return { kind: 'MASQUERADE' };
      case 'REDIRECT':
        return { kind: 'REDIRECT', ports: opt('--to-ports') };
      default: {
        const sub = walk(tables, table, rule.target, p, ctx, size, depth + 1);
        if (sub) return sub;
        if (rule.goto) return undefined;
      }
    }
  }
  return undefined;
}

export class ChainError extends Error {}

/** `-N`: creates a user chain; `Chain already exists.` when it does. */
export function newChain(tables: Tables, table: TableName, chain: string): void {
  if (tables[table][chain]) throw new ChainError('Chain already exists.');
  tables[table][chain] = { rules: [], packets: 0, bytes: 0 };
}

/** Appends (`-A`) or inserts at a 1-based position (`-I CHAIN N`). */
export function addRule(tables: Tables, table: TableName, chain: string, rule: Rule, position?: number): void {
  const c = tables[table][chain];
  if (!c) throw new ChainError(`No chain/target/match by that name.`);
  if (position === undefined) c.rules.push(rule);
  else {
    if (position < 1 || position > c.rules.length + 1) throw new ChainError('Index of insertion too big.');
    c.rules.splice(position - 1, 0, rule);
  }
}

/** `-D CHAIN spec`: deletes the first rule that prints the same; false when none does. */
export function deleteRule(tables: Tables, table: TableName, chain: string, rule: Rule): boolean {
  const c = tables[table][chain];
  if (!c) throw new ChainError(`No chain/target/match by that name.`);
  const i = c.rules.findIndex((r) => sameRule(r, rule));
  if (i < 0) return false;
  c.rules.splice(i, 1);
  return true;
}

/** Convenience for engines: `appendRule(ns.tables, 'nat', 'DOCKER', '! -i docker0 -p tcp ...')`. */
export function appendRule(tables: Tables, table: TableName, chain: string, spec: string): Rule {
  const rule = parseRule(spec);
  addRule(tables, table, chain, rule);
  return rule;
}

/** Ensures a user chain exists (idempotent, for engines that rebuild their rules). */
export function ensureChain(tables: Tables, table: TableName, chain: string): Chain {
  return (tables[table][chain] ??= { rules: [], packets: 0, bytes: 0 });
}
