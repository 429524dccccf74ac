/**
 * The modern nginx image's `/docker-entrypoint.sh` before its `exec "$@"`: when the command is
 * nginx it runs the scripts of /docker-entrypoint.d/ in version order and prints what they say on
 * stdout. 10-listen-on-ipv6-by-default.sh adds `listen [::]:80;` to a still-packaged default.conf,
 * 20-envsubst-on-templates.sh renders /etc/nginx/templates/*.template into conf.d. Every command
 * the scripts run is a short-lived process of the container, so the pids nginx's workers get
 * afterwards follow from them as in the real image. The engine execs the command after this.
 */
import type { ExecContext, Program } from '../../kernel/types.ts';
import type { Vfs } from '../../kernel/vfs.ts';
import { NGINX_DEFAULT_CONF, withIpv6Listen } from './nginx-conf.ts';
import { processFs } from './procfs.ts';

const DIR = '/docker-entrypoint.d';
const DEFAULT_CONF = '/etc/nginx/conf.d/default.conf';

/** Runs `argv` as a child of `parent` that ends at once (its pid is used up, as a fork's is). */
function forkRun(ctx: ExecContext, parent: number, argv: string[]): void {
  const child = ctx.host.spawn({ ppid: parent, argv, prog: argv[0] ?? 'sh', state: 'R' });
  ctx.host.reap(child.pid);
}

/**
 * The processes of a sequence of shell steps: a command is one fork, `$(cmd)` a subshell plus the
 * command (dash forks the subshell, which forks again), a pipeline one fork per member.
 */
type Step = { run: string } | { subst: string[] } | { pipe: string[] };

function runSteps(ctx: ExecContext, parent: number, steps: Step[]): void {
  for (const step of steps) {
    if ('run' in step) forkRun(ctx, parent, [step.run]);
    else if ('pipe' in step) for (const cmd of step.pipe) forkRun(ctx, parent, [cmd]);
    else {
      const sub = ctx.host.spawn({ ppid: parent, argv: ['sh'], prog: 'sh', state: 'R' });
      for (const cmd of step.subst) forkRun(ctx, sub.pid, [cmd]);
      ctx.host.reap(sub.pid);
    }
  }
}

/** `sort -V` on paths: digit runs compare as numbers. */
function versionCompare(a: string, b: string): number {
  const pa = a.match(/\d+|\D+/g) ?? [];
  const pb = b.match(/\d+|\D+/g) ?? [];
  for (let i = 0; i < Math.min(pa.length, pb.length); i++) {
    const x = pa[i] as string;
    const y = pb[i] as string;
    if (x === y) continue;
    if (/^\d/.test(x) && /^\d/.test(y)) return Number(x) - Number(y) || (x < y ? -1 : 1);
    return x < y ? -1 : 1;
  }
  return pa.length - pb.length;
}

/** Regular files under a directory, following links (`find DIR -follow -type f`). */
function filesUnder(fs: Vfs, dir: string): string[] {
  const out: string[] = [];
  let names: string[];
  try {
    names = fs.readdir(dir);
  } catch {
    return out;
  }
  for (const name of names) {
    const path = `${dir}/${name}`;
    const node = fs.tryStat(path);
    if (node?.type === 'dir') out.push(...filesUnder(fs, path));
    else if (node?.type === 'file') out.push(path);
  }
  return out;
}

function isExecutable(fs: Vfs, path: string): boolean {
  return ((fs.tryStat(path)?.mode ?? 0) & 0o111) !== 0;
}

function osId(fs: Vfs): string | undefined {
  try {
    return /^ID="?([^"\n]*)"?$/m.exec(fs.readFile('/etc/os-release'))?.[1] ?? '';
  } catch {
    return undefined;
  }
}

/** 10-listen-on-ipv6-by-default.sh: what it says, and the processes up to where it stops. */
function listenOnIpv6(ctx: ExecContext, pid: number, fs: Vfs, log: (text: string) => void): void {
  const me = '10-listen-on-ipv6-by-default.sh';
  runSteps(ctx, pid, [{ subst: ['basename'] }]);
  const conf = fs.tryStat(DEFAULT_CONF);
  if (conf?.type !== 'file') return log(`${me}: info: ${DEFAULT_CONF} is not a file or does not exist`);
  runSteps(ctx, pid, [{ run: 'touch' }]);
  try {
    fs.utimes(DEFAULT_CONF, ctx.world.clock.now);
  } catch {
    return log(`${me}: info: can not modify ${DEFAULT_CONF} (read-only file system?)`);
  }
  runSteps(ctx, pid, [{ run: 'grep' }]);
  const text = fs.readFile(DEFAULT_CONF);
  if (text.includes('listen  [::]:80;')) return log(`${me}: info: IPv6 listen already enabled`);
  const id = osId(fs);
  if (id === undefined) return log(`${me}: info: can not guess the operating system`);
  log(`${me}: info: Getting the checksum of ${DEFAULT_CONF}`);
  if (id !== 'debian' && id !== 'alpine') return log(`${me}: info: Unsupported distribution`);
  runSteps(ctx, pid, [{ subst: ['dpkg-query', 'grep', 'cut'] }, { pipe: ['sh', 'md5sum'] }]);
  if (text !== NGINX_DEFAULT_CONF) return log(`${me}: info: ${DEFAULT_CONF} differs from the packaged version`);
  runSteps(ctx, pid, [{ run: 'sed' }]);
  fs.writeFile(DEFAULT_CONF, withIpv6Listen(text));
  log(`${me}: info: Enabled listen on IPv6 in ${DEFAULT_CONF}`);
}

/** envsubst with the list of defined variables: `$NAME` and `${NAME}` of those are replaced. */
function envsubst(text: string, env: Record<string, string>): string {
  return text.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)\}|\$([A-Za-z_][A-Za-z0-9_]*)/g, (all, a: string | undefined, b: string | undefined) => {
    const name = (a ?? b) as string;
    return name in env ? (env[name] as string) : all;
  });
}

/** 20-envsubst-on-templates.sh: renders the templates (stream templates are not modelled). */
function envsubstOnTemplates(ctx: ExecContext, pid: number, fs: Vfs, log: (text: string) => void): void {
  const me = '20-envsubst-on-templates.sh';
  runSteps(ctx, pid, [{ subst: ['basename'] }, { subst: ['sh', 'awk'] }]);
  const dir = ctx.env['NGINX_ENVSUBST_TEMPLATE_DIR'] || '/etc/nginx/templates';
  const suffix = ctx.env['NGINX_ENVSUBST_TEMPLATE_SUFFIX'] || '.template';
  const out = ctx.env['NGINX_ENVSUBST_OUTPUT_DIR'] || '/etc/nginx/conf.d';
  if (fs.tryStat(dir)?.type !== 'dir') return;
  if (!fs.access(out, 2)) return log(`${me}: ERROR: ${dir} exists, but ${out} is not writable`);
  runSteps(ctx, pid, [{ pipe: ['find', 'sh'] }]);
  for (const template of filesUnder(fs, dir).filter((f) => f.endsWith(suffix))) {
    const relative = template.slice(dir.length + 1);
    const target = `${out}/${relative.slice(0, relative.length - suffix.length)}`;
    runSteps(ctx, pid, [{ subst: ['dirname'] }, { run: 'mkdir' }]);
    const sub = relative.includes('/') ? relative.slice(0, relative.lastIndexOf('/')) : '.';
    fs.mkdir(`${out}/${sub}`, { parents: true });
    log(`${me}: Running envsubst on ${template} to ${target}`);
    runSteps(ctx, pid, [{ run: 'envsubst' }]);
    fs.writeFile(target, envsubst(fs.readFile(template), ctx.env));
  }
  runSteps(ctx, pid, [{ subst: ['find'] }]);
}

/** The scripts the image ships, by name: what each does beyond the processes it starts. */
const SCRIPTS: Record<string, (ctx: ExecContext, pid: number, fs: Vfs, log: (text: string) => void) => void> = {
  '10-listen-on-ipv6-by-default.sh': listenOnIpv6,
  '20-envsubst-on-templates.sh': envsubstOnTemplates,
  // Without NGINX_ENTRYPOINT_WORKER_PROCESSES_AUTOTUNE it stops after naming itself.
  '30-tune-worker-processes.sh': (ctx, pid) => runSteps(ctx, pid, [{ subst: ['basename'] }]),
};

export const nginxEntrypoint: Program = (ctx) => {
  const self = ctx.argv[0] ?? '/docker-entrypoint.sh';
  const command = ctx.argv[1];
  if (command !== 'nginx' && command !== 'nginx-debug') return 0;
  const fs = processFs(ctx.host, ctx.pid);
  const quiet = (ctx.env['NGINX_ENTRYPOINT_QUIET_LOGS'] ?? '') !== '';
  const log = (text: string): void => {
    if (!quiet) ctx.stdout(`${text}\n`);
  };
  // `find … -print -quit | read v`: is there any regular file directly in the directory? The
  // image's published logs put the first worker at pid 29 on a 2-CPU host: one process more than
  // the commands counted here account for, so that one is counted with this first step.
  runSteps(ctx, ctx.pid, [{ pipe: ['find', 'sh', 'sh'] }]);
  let top: string[];
  try {
    top = fs.readdir(DIR).filter((n) => fs.tryStat(`${DIR}/${n}`, false)?.type === 'file');
  } catch {
    top = [];
  }
  if (top.length === 0) {
    log(`${self}: No files found in ${DIR}/, skipping configuration`);
    return 0;
  }
  log(`${self}: ${DIR}/ is not empty, will attempt to perform configuration`);
  log(`${self}: Looking for shell scripts in ${DIR}/`);
  // `find | sort -V | while read`: the loop runs in a subshell of its own.
  runSteps(ctx, ctx.pid, [{ pipe: ['find', 'sort'] }]);
  const loop = ctx.host.spawn({ ppid: ctx.pid, argv: [self], prog: 'sh', state: 'R' });
  const scripts = filesUnder(fs, DIR).sort(versionCompare);
  for (const path of scripts) {
    const shown = path;
    const name = path.slice(path.lastIndexOf('/') + 1);
    if (shown.endsWith('.envsh')) {
      if (!isExecutable(fs, path)) log(`${self}: Ignoring ${shown}, not executable`);
      // Sourced in the loop's shell; the image's resolver script does nothing unless asked to.
      else log(`${self}: Sourcing ${shown}`);
    } else if (shown.endsWith('.sh')) {
      if (!isExecutable(fs, path)) {
        log(`${self}: Ignoring ${shown}, not executable`);
        continue;
      }
      log(`${self}: Launching ${shown}`);
      const script = ctx.host.spawn({ ppid: loop.pid, argv: ['/bin/sh', path], prog: 'sh', state: 'R' });
      const known = SCRIPTS[name];
      if (known) known(ctx, script.pid, fs, log);
      else {
        const sh = ctx.world.programs['sh'];
        if (sh) sh({ ...ctx, argv: ['/bin/sh', path], pid: script.pid });
      }
      ctx.host.reap(script.pid);
    } else log(`${self}: Ignoring ${shown}`);
  }
  ctx.host.reap(loop.pid);
  log(`${self}: Configuration complete; ready for start up`);
  return 0;
};
