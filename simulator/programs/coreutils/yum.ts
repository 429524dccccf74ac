/**
 * yum (3.4.3, CentOS 7) over the simulated repositories: `install [-y]` with dependency resolution,
 * `remove [-y]`, `list installed`. The transaction report follows yum's layout (80 columns, sizes as
 * yum's format_number prints them); downloads run at a fixed simulated 10 MB/s on the lab clock.
 * Without `-y` yum asks for confirmation on standard input, as the real one does.
 */
import type { ExecContext, Program } from '../../kernel/types.ts';
import { byCodePoint } from '../../core/format.ts';
import { installedTable, nevra, type PackageSpec } from './packages.ts';
import { REPO, findPackage, installFiles } from './yum-repo.ts';
import { unitTable } from './units.ts';
import { writeRpmdb } from './rpmdb.ts';

const RULE = '='.repeat(80);
const DOWNLOAD_BYTES_PER_S = 10 * 1024 * 1024;

/** yum's format_number: 1024-based, one decimal below 9.95. */
export function yumSize(bytes: number): string {
  let n = bytes;
  let depth = 0;
  const units = [' ', 'k', 'M', 'G', 'T'];
  while (n > 999 && depth < units.length - 1) {
    n /= 1024;
    depth++;
  }
  if (depth === 0) return `${Math.round(n)} ${units[0]}`.trimEnd();
  return `${n < 9.95 ? n.toFixed(1) : n.toFixed(0)} ${units[depth]}`;
}

function evr(p: PackageSpec): string {
  return `${p.version}-${p.release}`;
}

/** A finished download as urlgrabber's meter leaves it: name, ` | SIZE`, elapsed time, 5 spaces (80 columns). */
function meterLine(name: string, bytes: number, seconds: number): string {
  return `${name.slice(0, 56).padEnd(56)} | ${yumSize(bytes).padStart(5)}B ${clock(seconds).padStart(9)}     `;
}

function clock(seconds: number): string {
  const s = Math.round(seconds);
  const two = (n: number): string => String(n).padStart(2, '0');
  return `${two(Math.floor(s / 3600))}:${two(Math.floor(s / 60) % 60)}:${two(s % 60)}`;
}

function rightAlign(left: string, right: string): string {
  return left + ' '.repeat(Math.max(1, 80 - left.length - right.length)) + right;
}

/**
 * yum's column fitting for the transaction table: every column starts at its minimum and the spare
 * width of 80 goes, step by step, to the column where it lets the most package rows fit, then what
 * is left is shared out (the version column takes the remainder).
 */
export function fitColumns(lengths: number[][], minimum: number[], remainderColumn: number, totalWidth = 80, indent = 2): number[] {
  const cols = lengths.length;
  const data = lengths.map((ls) => {
    const counts = new Map<number, number>();
    for (const l of ls) counts.set(l, (counts.get(l) ?? 0) + 1);
    return [...counts.entries()].sort((a, b) => a[0] - b[0]);
  });
  const widths = [...minimum];
  let left = totalWidth - (widths.reduce((a, b) => a + b, 0) + (cols - 1) + indent);
  if (!widths[cols - 1]) left += 1;
  const helpsFor = (current: number, tuples: [number, number][], space: number): number => {
    let n = 0;
    for (const [len, count] of tuples) {
      if (space < len - current) break;
      n += count;
    }
    return n;
  };
  while (left > 0) {
    let helps = 0;
    let pick = 0;
    for (let d = 0; d < cols; d++) {
      const h = helpsFor(widths[d] as number, data[d] as [number, number][], left);
      if (!h) continue;
      if (helps && d === cols - 1 && h / 2 < helps) continue;
      if (h < helps) continue;
      helps = h;
      pick = d;
    }
    if (helps) {
      const diff = ((data[pick] as [number, number][]).shift() as [number, number])[0] - (widths[pick] as number);
      if (!widths[pick] && pick === cols - 1) left -= 1;
      widths[pick] = (widths[pick] as number) + diff;
      left -= diff;
      continue;
    }
    const overflowed = data.filter((d) => d.length > 0).length;
    if (overflowed) {
      const share = Math.floor(left / overflowed);
      data.forEach((d, i) => {
        if (!d.length) return;
        widths[i] = (widths[i] as number) + share;
        left -= share;
      });
    }
    const share = Math.floor(left / (cols - 1));
    for (let d = 0; d < cols - 1; d++) widths[d] = (widths[d] as number) + share;
    widths[remainderColumn] = (widths[remainderColumn] as number) + left - share * (cols - 1);
    left = 0;
  }
  return widths;
}

function table(groups: [string, PackageSpec[]][]): string {
  const all = groups.flatMap(([, ps]) => ps);
  const archWidth = Math.max(0, ...all.map((p) => p.arch.length));
  const [nw, aw, vw, rw, sw] = fitColumns([all.map((p) => p.name.length), [], all.map((p) => evr(p).length), all.map((p) => p.repo.length), []], [1, archWidth, 1, 1, 5], 2) as [number, number, number, number, number];
  const row = (cells: string[]): string => ` ${(cells[0] as string).padEnd(nw)} ${(cells[1] as string).padEnd(aw)} ${(cells[2] as string).padEnd(vw)} ${(cells[3] as string).padEnd(rw)} ${(cells[4] as string).padStart(sw)}`;
  let out = `${RULE}\n${row(['Package', 'Arch', 'Version', 'Repository', 'Size'])}\n${RULE}\n`;
  for (const [title, ps] of groups) {
    if (!ps.length) continue;
    out += `${title}:\n`;
    for (const p of ps) out += row([p.name, p.arch, evr(p), p.repo, yumSize(p.downloadSize)]) + '\n';
  }
  return out;
}

function confirm(ctx: ExecContext, assumeYes: boolean): boolean {
  if (assumeYes) return true;
  ctx.stdout('Is this ok [y/d/N]: ');
  const answer = ctx.stdin.split('\n')[0]?.trim().toLowerCase();
  if (answer === 'y' || answer === 'yes') return true;
  ctx.stdout('Exiting on user command\n');
  return false;
}

function install(ctx: ExecContext, names: string[], assumeYes: boolean): number {
  const fs = ctx.host.fsFor(ctx.pid);
  const installed = installedTable(fs);
  const wanted: PackageSpec[] = [];
  let missing = false;
  ctx.stdout('Loaded plugins: fastestmirror\nLoading mirror speeds from cached hostfile\n');
  for (const name of names) {
    const spec = findPackage(name);
    const have = installed[spec?.name ?? name];
    if (have) {
      ctx.stdout(`Package ${nevra(spec?.name ?? name, have)} already installed and latest version\n`);
      continue;
    }
    if (!spec) {
      ctx.stdout(`No package ${name} available.\n`);
      missing = true;
      continue;
    }
    if (!wanted.includes(spec)) wanted.push(spec);
  }
  if (wanted.length === 0) {
    if (missing) ctx.stderr('Error: Nothing to do\n');
    else ctx.stdout('Nothing to do\n');
    return missing ? 1 : 0;
  }
  const deps: PackageSpec[] = [];
  let out = 'Resolving Dependencies\n--> Running transaction check\n';
  const queue = [...wanted];
  for (const p of wanted) out += `---> Package ${p.name}.${p.arch} 0:${evr(p)} will be installed\n`;
  while (queue.length) {
    const p = queue.shift() as PackageSpec;
    for (const r of p.requires ?? []) {
      const dep = REPO[r];
      if (!dep || installed[r] || wanted.includes(dep) || deps.includes(dep)) continue;
      out += `--> Processing Dependency: ${r} for package: ${nevra(p.name, p)}\n`;
      deps.push(dep);
      queue.push(dep);
    }
  }
  if (deps.length) {
    out += '--> Running transaction check\n';
    for (const d of deps) out += `---> Package ${d.name}.${d.arch} 0:${evr(d)} will be installed\n`;
  }
  out += '--> Finished Dependency Resolution\n\nDependencies Resolved\n\n';
  const sortByName = (a: PackageSpec, b: PackageSpec): number => byCodePoint(a.name, b.name);
  wanted.sort(sortByName);
  deps.sort(sortByName);
  out += table([['Installing', wanted], ['Installing for dependencies', deps]]);
  const total = [...wanted, ...deps];
  const download = total.reduce((n, p) => n + p.downloadSize, 0);
  const size = total.reduce((n, p) => n + p.installedSize, 0);
  out += `\nTransaction Summary\n${RULE}\nInstall  ${wanted.length} Package${wanted.length > 1 ? 's' : ''}${deps.length ? ` (+${deps.length} Dependent package${deps.length > 1 ? 's' : ''})` : ''}\n\n`;
  out += `Total download size: ${yumSize(download)}\nInstalled size: ${yumSize(size)}\n`;
  ctx.stdout(out);
  if (!confirm(ctx, assumeYes)) return 1;
  out = 'Downloading packages:\n';
  const order = [...deps, ...wanted];
  const all = [...total].sort(sortByName);
  all.forEach((p, i) => {
    const left = `(${i + 1}/${all.length}): ${nevra(p.name, p)}.rpm`;
    out += meterLine(left, p.downloadSize, p.downloadSize / DOWNLOAD_BYTES_PER_S) + '\n';
  });
  const seconds = download / DOWNLOAD_BYTES_PER_S;
  ctx.world.advance(Math.round(seconds * 1000));
  out += '-'.repeat(80) + '\n';
  out += `${'Total'.padEnd(48)} ${yumSize(DOWNLOAD_BYTES_PER_S).padStart(5)}B/s | ${yumSize(download).padStart(5)}B ${clock(seconds).padStart(9)}     \n`;
  out += 'Running transaction check\nRunning transaction test\nTransaction test succeeded\nRunning transaction\n';
  order.forEach((p, i) => {
    out += rightAlign(`  Installing : ${nevra(p.name, p)}`, `${i + 1}/${order.length}`) + '\n';
    installFiles(ctx.world, ctx.host.name, p, fs);
  });
  order.forEach((p, i) => (out += rightAlign(`  Verifying  : ${nevra(p.name, p)}`, `${i + 1}/${order.length}`) + '\n'));
  out += `\nInstalled:\n${wanted.map((p) => `  ${p.name}.${p.arch} 0:${evr(p)}`).join('\n')}\n\n`;
  if (deps.length) out += `Dependency Installed:\n${deps.map((p) => `  ${p.name}.${p.arch} 0:${evr(p)}`).join('\n')}\n\n`;
  out += 'Complete!\n';
  ctx.stdout(out);
  return 0;
}

function remove(ctx: ExecContext, names: string[], assumeYes: boolean): number {
  const fs = ctx.host.fsFor(ctx.pid);
  const installed = installedTable(fs);
  ctx.stdout('Loaded plugins: fastestmirror\n');
  const gone: PackageSpec[] = [];
  for (const name of names) {
    if (!installed[name]) {
      ctx.stdout(`No Match for argument: ${name}\n`);
      continue;
    }
    const spec = REPO[name];
    if (!spec) {
      ctx.stderr(`podbook: removing the base package '${name}' is not simulated\n`);
      return 1;
    }
    gone.push(spec);
  }
  if (gone.length === 0) {
    ctx.stdout('No Packages marked for removal\n');
    return 0;
  }
  let out = 'Resolving Dependencies\n--> Running transaction check\n';
  for (const p of gone) out += `---> Package ${p.name}.${p.arch} 0:${evr(p)} will be erased\n`;
  out += '--> Finished Dependency Resolution\n\nDependencies Resolved\n\n' + table([['Removing', gone]]);
  out += `\nTransaction Summary\n${RULE}\nRemove  ${gone.length} Package${gone.length > 1 ? 's' : ''}\n\nInstalled size: ${yumSize(gone.reduce((n, p) => n + p.installedSize, 0))}\n`;
  ctx.stdout(out);
  if (!confirm(ctx, assumeYes)) return 1;
  out = 'Downloading packages:\nRunning transaction check\nRunning transaction test\nTransaction test succeeded\nRunning transaction\n';
  gone.forEach((p, i) => {
    out += rightAlign(`  Erasing    : ${nevra(p.name, p)}`, `${i + 1}/${gone.length}`) + '\n';
    for (const [path, f] of Object.entries(p.files ?? {})) if (!f.dir && fs.tryStat(path, false)) fs.remove(path);
    for (const u of p.units ?? []) delete unitTable(ctx.world, ctx.host.name)[u.name];
    delete installed[p.name];
  });
  writeRpmdb(fs, installed);
  gone.forEach((p, i) => (out += rightAlign(`  Verifying  : ${nevra(p.name, p)}`, `${i + 1}/${gone.length}`) + '\n'));
  out += `\nRemoved:\n${gone.map((p) => `  ${p.name}.${p.arch} 0:${evr(p)}`).join('\n')}\n\nComplete!\n`;
  ctx.stdout(out);
  return 0;
}

export const yum: Program = (ctx) => {
  const args = ctx.argv.slice(1);
  const assumeYes = args.includes('-y') || args.includes('--assumeyes');
  const rest = args.filter((a) => !a.startsWith('-'));
  const bad = args.find((a) => a.startsWith('-') && !['-y', '--assumeyes', '-q', '--quiet'].includes(a));
  if (bad) {
    ctx.stderr(`podbook: yum option '${bad}' is not simulated\n`);
    return 1;
  }
  const [cmd, ...names] = rest;
  if ((ctx.host.proc(ctx.pid)?.uid ?? 0) !== 0 && (cmd === 'install' || cmd === 'remove' || cmd === 'erase')) {
    ctx.stderr('Loaded plugins: fastestmirror\nYou need to be root to perform this command.\n');
    return 1;
  }
  switch (cmd) {
    case 'install':
      if (names.length === 0) {
        ctx.stdout('Loaded plugins: fastestmirror\n');
        ctx.stderr('Error: Need to pass a list of pkgs to install\n Mini usage:\n\ninstall PACKAGE...\n\nInstall a package or packages on your system\n\naliases: install-n, install-na, install-nevra\n');
        return 1;
      }
      return install(ctx, names, assumeYes);
    case 'remove':
    case 'erase':
      return remove(ctx, names, assumeYes);
    case 'clean':
      if (names[0] !== 'all') {
        ctx.stderr(`podbook: 'yum clean ${names.join(' ')}' is not simulated (try 'yum clean all')\n`);
        return 1;
      }
      ctx.stdout('Loaded plugins: fastestmirror\nCleaning repos: base extras updates\nCleaning up list of fastest mirrors\n');
      return 0;
    case 'makecache': {
      let out = 'Loaded plugins: fastestmirror\nDetermining fastest mirrors\n';
      for (const [repo, size] of [['base', 3686], ['extras', 2970], ['updates', 2970]] as const) out += meterLine(repo, size, 0) + '\n';
      out += 'Metadata Cache Created\n';
      ctx.world.advance(3000);
      ctx.stdout(out);
      return 0;
    }
    case 'list': {
      if (names[0] !== 'installed') {
        ctx.stderr(`podbook: 'yum list ${names.join(' ')}' is not simulated (try 'yum list installed')\n`);
        return 1;
      }
      const installed = installedTable(ctx.host.fsFor(ctx.pid));
      let out = 'Loaded plugins: fastestmirror\nInstalled Packages\n';
      for (const name of Object.keys(installed).sort(byCodePoint)) {
        const p = installed[name] as { version: string; release: string; arch: string };
        out += `${`${name}.${p.arch}`.padEnd(40)} ${`${p.version}-${p.release}`.padEnd(24)} @${REPO[name]?.repo ?? 'anaconda'}\n`;
      }
      ctx.stdout(out);
      return 0;
    }
    case undefined:
      ctx.stderr('Loaded plugins: fastestmirror\nYou need to give some command\n');
      return 1;
    default:
      ctx.stderr(`podbook: 'yum ${cmd}' is not simulated\n`);
      return 1;
  }
};
