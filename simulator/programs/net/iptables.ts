/**
 * iptables 1.4.21 (CentOS 7): -L [-n] [-v] [-x] [--line-numbers], -S, -A, -I, -D, -C, -N, -X, -F,
 * -P, -Z on the tables of the caller's namespace. Listing columns follow iptables.c's print_header
 * and print_firewall (`%-9s ` target, `%-5s` prot, `%-19s ` addresses, counters `%5llu`/K/M with -v,
 * `%8llu`/`%10llu` with -x); -S prints iptables-save's form.
 */
import { byCodePoint } from '../../core/format.ts';
import { addRule, BUILTIN_CHAINS, BUILTIN_TARGETS, chainOrder, ChainError, deleteRule, formatRuleExtras, formatRuleSpec, newChain, parseRule, references, RuleParseError, sameRule } from '../../kernel/net/iptables.ts';
import type { Rule, TableName, Tables } from '../../kernel/net/types.ts';
import type { ExecContext, Program } from '../../kernel/types.ts';
import { netCtx } from './common.ts';

const V = 'iptables v1.4.21';
const TRY = "Try `iptables -h' or 'iptables --help' for more information.\n";

/** Port names iptables prints without -n (from /etc/services). */
const SERVICES: Record<number, string> = { 20: 'ftp-data', 21: 'ftp', 22: 'ssh', 23: 'telnet', 25: 'smtp', 53: 'domain', 80: 'http', 110: 'pop3', 443: 'https', 2379: '2379', 3306: 'mysql', 5000: 'commplex-main', 6443: 'sun-sr-https', 8080: 'webcache', 8443: 'pcsync-https', 10250: '10250' };

function mask(cidr: string | undefined, numeric: boolean): string {
  if (!cidr) return numeric ? '0.0.0.0/0' : 'anywhere';
  const [ip, p] = cidr.split('/') as [string, string];
  if (p === '0') return numeric ? '0.0.0.0/0' : 'anywhere';
  let name = ip;
  if (!numeric && ip === '127.0.0.0' && p === '8') name = 'loopback';
  else if (!numeric && ip === '127.0.0.1') name = 'localhost';
  return p === '32' ? name : `${name}/${p}`;
}

function extras(rule: Rule, numeric: boolean): string {
  let text = formatRuleExtras(rule);
  if (!numeric) text = text.replace(/\b(dpt|spt):(!?)(\d+)\b/g, (_m, k: string, bang: string, port: string) => `${k}:${bang}${SERVICES[Number(port)] ?? port}`);
  return text;
}

function num(n: number, exact: boolean, width: number): string {
  if (exact) return String(n).padStart(width) + ' ';
  if (n <= 99999) return String(n).padStart(5) + ' ';
  let v = Math.floor((n + 500) / 1000);
  for (const unit of ['K', 'M', 'G', 'T']) {
    if (v <= 9999) return String(v).padStart(4) + unit + ' ';
    v = Math.floor((v + 500) / 1000);
  }
  return String(v).padStart(4) + 'P ';
}

interface ListOpts {
  numeric: boolean;
  verbose: boolean;
  exact: boolean;
  lineNumbers: boolean;
}

function listChain(tables: Tables, table: TableName, chain: string, o: ListOpts): string {
  const c = tables[table][chain]!;
  let out = `Chain ${chain}`;
  if (c.policy) out += o.verbose ? ` (policy ${c.policy} ${c.packets} packets, ${c.bytes} bytes)\n` : ` (policy ${c.policy})\n`;
  else out += ` (${references(tables, table, chain)} references)\n`;
  if (o.lineNumbers) out += 'num  ';
  if (o.verbose) out += o.exact ? `${'pkts'.padStart(8)} ${'bytes'.padStart(10)} ` : ' pkts bytes ';
  out += 'target     prot opt ';
  if (o.verbose) out += 'in     out     ';
  out += `${'source'.padEnd(19)}  ${'destination'.padEnd(19)} \n`;
  c.rules.forEach((r, i) => {
    let line = '';
    if (o.lineNumbers) line += `${String(i + 1).padEnd(4)} `;
    if (o.verbose) line += num(r.packets, o.exact, 8) + num(r.bytes, o.exact, 10);
    line += `${(r.target ?? '').padEnd(9)} `;
    line += r.protocolNeg ? '!' : ' ';
    line += (r.protocol ?? 'all').padEnd(5);
    line += '-- ';
    if (o.verbose) {
      const iface = (name: string | undefined, neg: boolean | undefined): string => `${neg ? '!' : ''}${name ?? (o.numeric ? '*' : 'any')}`;
      line += ` ${iface(r.inIface, r.inIfaceNeg).padEnd(6)} ${iface(r.outIface, r.outIfaceNeg).padEnd(6)} `;
    }
    line += r.sourceNeg ? '!' : ' ';
    line += `${mask(r.source, o.numeric).padEnd(19)} `;
    line += r.destinationNeg ? '!' : ' ';
    line += `${mask(r.destination, o.numeric).padEnd(19)} `;
    line += extras(r, o.numeric);
    out += line + '\n';
  });
  return out;
}

function saveChain(tables: Tables, table: TableName, chain: string, counters: boolean): string {
  return tables[table][chain]!.rules.map((r) => `-A ${chain} ${counters ? `-c ${r.packets} ${r.bytes} ` : ''}${formatRuleSpec(r)}`.trimEnd() + '\n').join('');
}

export const iptables: Program = (ctx) => {
  const args = ctx.argv.slice(1);
  let table: string = 'filter';
  const o: ListOpts = { numeric: false, verbose: false, exact: false, lineNumbers: false };
  let command: string | undefined;
  let chain: string | undefined;
  let position: number | undefined;
  let extra: string | undefined;
  const spec: string[] = [];
  const setCommand = (c: string): boolean => {
    if (command) {
      ctx.stderr(`${V}: Cannot use -${c} with -${command}\n\n${TRY}`);
      return false;
    }
    command = c;
    return true;
  };
  const LONG: Record<string, string> = { '--append': 'A', '--insert': 'I', '--delete': 'D', '--list': 'L', '--list-rules': 'S', '--new-chain': 'N', '--delete-chain': 'X', '--flush': 'F', '--policy': 'P', '--zero': 'Z', '--check': 'C', '--table': 't', '--numeric': 'n', '--verbose': 'v', '--exact': 'x' };
  for (let i = 0; i < args.length; i++) {
    let a = args[i] as string;
    if (LONG[a]) a = `-${LONG[a]}`;
    if (a === '--line-numbers') o.lineNumbers = true;
    else if (a === '-t') table = args[++i] ?? '';
    else if (/^-[nvxL]+$/.test(a) && a.length > 2) {
      for (const c of a.slice(1)) {
        if (c === 'n') o.numeric = true;
        else if (c === 'v') o.verbose = true;
        else if (c === 'x') o.exact = true;
        else if (c === 'L' && !setCommand('L')) return 2;
      }
      if (a.includes('L') && args[i + 1] !== undefined && !args[i + 1]!.startsWith('-')) chain = args[++i];
    } else if (a === '-n') o.numeric = true;
    else if (a === '-v') o.verbose = true;
    else if (a === '-x') o.exact = true;
    else if (['-A', '-I', '-D', '-L', '-S', '-N', '-X', '-F', '-P', '-Z', '-C'].includes(a)) {
      if (!setCommand(a.slice(1))) return 2;
      const next = args[i + 1];
      if (next !== undefined && !next.startsWith('-')) {
        chain = next;
        i++;
        if ((a === '-I' || a === '-D') && args[i + 1] !== undefined && /^\d+$/.test(args[i + 1] as string)) position = Number(args[++i]);
        if (a === '-P') extra = args[++i];
      } else if (['-A', '-I', '-D', '-N', '-P', '-C'].includes(a)) {
        ctx.stderr(`${V}: option "${a}" requires an argument\n${TRY}`);
        return 2;
      }
    } else spec.push(a);
  }
  if (!command) {
    ctx.stderr(`${V}: no command specified\n${TRY}`);
    return 2;
  }
  if (!['filter', 'nat', 'mangle', 'raw'].includes(table)) {
    ctx.stderr(`${V}: can't initialize iptables table \`${table}': Table does not exist (do you need to insmod?)\nPerhaps iptables or your kernel needs to be upgraded.\n`);
    return 3;
  }
  const t = table as TableName;
  const tables = netCtx(ctx).ns.tables;
  const noChain = (): number => {
    ctx.stderr('iptables: No chain/target/match by that name.\n');
    return 1;
  };
  try {
    switch (command) {
      case 'L': {
        if (chain !== undefined && !tables[t][chain]) return noChain();
        const chains = chain !== undefined ? [chain] : chainOrder(tables, t);
        ctx.stdout(chains.map((c) => listChain(tables, t, c, o)).join('\n'));
        return 0;
      }
      case 'S': {
        if (chain !== undefined && !tables[t][chain]) return noChain();
        const chains = chain !== undefined ? [chain] : chainOrder(tables, t);
        let out = '';
        for (const c of chains) {
          const ch = tables[t][c]!;
          out += ch.policy ? `-P ${c} ${ch.policy}${o.verbose ? ` -c ${ch.packets} ${ch.bytes}` : ''}\n` : `-N ${c}\n`;
        }
        for (const c of chains) out += saveChain(tables, t, c, o.verbose);
        ctx.stdout(out);
        return 0;
      }
      case 'N':
        newChain(tables, t, chain as string);
        return 0;
      case 'X': {
        const victims = chain !== undefined ? [chain] : Object.keys(tables[t]).filter((c) => !BUILTIN_CHAINS[t].includes(c)).sort(byCodePoint);
        for (const c of victims) {
          if (BUILTIN_CHAINS[t].includes(c)) {
            ctx.stderr('iptables: Invalid argument. Run `dmesg\' for more information.\n');
            return 1;
          }
          if (!tables[t][c]) return noChain();
          if (references(tables, t, c) > 0) {
            ctx.stderr('iptables: Too many links.\n');
            return 1;
          }
          if (tables[t][c]!.rules.length > 0) {
            ctx.stderr('iptables: Directory not empty.\n');
            return 1;
          }
          delete tables[t][c];
        }
        return 0;
      }
      case 'F':
        if (chain !== undefined) {
          if (!tables[t][chain]) return noChain();
          tables[t][chain]!.rules = [];
        } else for (const c of Object.values(tables[t])) c.rules = [];
        return 0;
      case 'Z':
        for (const [name, c] of Object.entries(tables[t])) {
          if (chain !== undefined && name !== chain) continue;
          c.packets = c.bytes = 0;
          for (const r of c.rules) r.packets = r.bytes = 0;
        }
        return 0;
      case 'P': {
        const c = tables[t][chain as string];
        if (!c || !c.policy) {
          ctx.stderr('iptables: Bad built-in chain name.\n');
          return 1;
        }
        if (extra !== 'ACCEPT' && extra !== 'DROP') {
          ctx.stderr('iptables: Bad policy name. Run `dmesg\' for more information.\n');
          return 1;
        }
        c.policy = extra;
        return 0;
      }
      case 'D':
        if (!tables[t][chain as string]) return noChain();
        if (position !== undefined && spec.length === 0) {
          const c = tables[t][chain as string]!;
          if (position < 1 || position > c.rules.length) {
            ctx.stderr('iptables: Index of deletion too big.\n');
            return 1;
          }
          c.rules.splice(position - 1, 1);
          return 0;
        }
        return withRule(ctx, spec, tables, t, (rule) => {
          if (!deleteRule(tables, t, chain as string, rule)) {
            ctx.stderr('iptables: Bad rule (does a matching rule exist in that chain?).\n');
            return 1;
          }
          return 0;
        });
      case 'C':
        return withRule(ctx, spec, tables, t, (rule) => {
          if (!tables[t][chain as string]) return noChain();
          if (tables[t][chain as string]!.rules.some((r) => sameRule(r, rule))) return 0;
          ctx.stderr('iptables: Bad rule (does a matching rule exist in that chain?).\n');
          return 1;
        });
      default:
        return withRule(ctx, spec, tables, t, (rule) => {
          if (!tables[t][chain as string]) return noChain();
          addRule(tables, t, chain as string, rule, command === 'I' ? (position ?? 1) : undefined);
          return 0;
        });
    }
  } catch (e) {
    if (e instanceof ChainError) {
      ctx.stderr(`iptables: ${e.message}\n`);
      return 1;
    }
    throw e;
  }
};

function withRule(ctx: ExecContext, spec: string[], tables: Tables, table: TableName, then: (rule: Rule) => number): number {
  let rule: Rule;
  try {
    rule = parseRule(spec);
  } catch (e) {
    if (e instanceof RuleParseError) {
      ctx.stderr(`${V}: ${e.message}\n${TRY}`);
      return 2;
    }
    throw e;
  }
  if (rule.target && !BUILTIN_TARGETS.includes(rule.target) && !tables[table][rule.target]) {
    ctx.stderr(`${V}: Couldn't load target \`${rule.target}':No such file or directory\n\n${TRY}`);
    return 2;
  }
  return then(rule);
}
