/**
 * systemctl (systemd 219, CentOS 7) over the host's unit table: status, start, stop, restart,
 * enable, disable, is-active, is-enabled, daemon-reload. Messages and exit codes as systemd 219
 * prints them (`Unit foo.service could not be found.`, status 3 for inactive units).
 */
import type { ExecContext, Program } from '../../kernel/types.ts';
import { WEEKDAYS, dateParts } from '../../core/format.ts';
import { findUnit, unitHook, type UnitState } from './units.ts';

/** systemd's format_timestamp_relative. */
export function relativeTime(ms: number): string {
  const s = Math.floor(ms / 1000);
  const min = 60;
  const hour = 3600;
  const day = 86400;
  const week = 7 * day;
  const month = 2629800;
  const year = 31557600;
  if (s >= year) return `${Math.floor(s / year)} years ${Math.floor((s % year) / month)} months ago`;
  if (s >= month) return `${Math.floor(s / month)} months ${Math.floor((s % month) / day)} days ago`;
  if (s >= week) return `${Math.floor(s / week)} weeks ${Math.floor((s % week) / day)} days ago`;
  if (s >= 2 * day) return `${Math.floor(s / day)} days ago`;
  if (s >= 25 * hour) return `1 day ${Math.floor((s - day) / hour)}h ago`;
  if (s >= 6 * hour) return `${Math.floor(s / hour)}h ago`;
  if (s >= hour) return `${Math.floor(s / hour)}h ${Math.floor((s % hour) / min)}min ago`;
  if (s >= 5 * min) return `${Math.floor(s / min)}min ago`;
  if (s >= min) return `${Math.floor(s / min)}min ${s % min}s ago`;
  if (s >= 1) return `${s}s ago`;
  if (ms >= 1) return `${ms}ms ago`;
  return 'now';
}

function timestamp(ms: number): string {
  const p = dateParts(ms);
  const two = (n: number): string => String(n).padStart(2, '0');
  return `${WEEKDAYS[p.weekday]} ${p.year}-${two(p.month)}-${two(p.day)} ${two(p.hour)}:${two(p.minute)}:${two(p.second)} UTC`;
}

function wantsLink(unit: UnitState): string {
  return `/etc/systemd/system/multi-user.target.wants/${unit.name}`;
}

function status(ctx: ExecContext, unit: UnitState): void {
  const now = ctx.world.clock.now;
  let out = `● ${unit.name} - ${unit.description}\n`;
  out += `   Loaded: loaded (${unit.path}; ${unit.enabled ? 'enabled' : 'disabled'}; vendor preset: ${unit.vendorPreset ?? 'disabled'})\n`;
  if (unit.active) out += `   Active: active (running) since ${timestamp(unit.since)}; ${relativeTime(now - unit.since)}\n`;
  else if (unit.failed) out += `   Active: failed (Result: exit-code) since ${timestamp(unit.since)}; ${relativeTime(now - unit.since)}\n`;
  else out += '   Active: inactive (dead)\n';
  (unit.docs ?? []).forEach((d, i) => (out += `${i === 0 ? '     Docs: ' : '           '}${d}\n`));
  const proc = unit.active && unit.mainPid !== undefined ? ctx.host.proc(unit.mainPid) : undefined;
  if (proc) {
    const exe = proc.argv[0] ?? proc.prog;
    out += ` Main PID: ${proc.pid} (${exe.slice(exe.lastIndexOf('/') + 1)})\n`;
    out += `   CGroup: /system.slice/${unit.name}\n`;
    out += `           └─${proc.pid} ${proc.argv.join(' ')}\n`;
  }
  ctx.stdout(out);
}

function startUnit(ctx: ExecContext, unit: UnitState): string | null {
  if (unit.active) return null;
  const r = unitHook(ctx.world, unit.hook)?.(ctx.world, ctx.host.name, 'start', unit);
  if (r && r.error) {
    unit.failed = true;
    unit.since = ctx.world.clock.now;
    return r.error;
  }
  unit.active = true;
  unit.failed = false;
  unit.since = ctx.world.clock.now;
  if (r && r.pid !== undefined) unit.mainPid = r.pid;
  return null;
}

function stopUnit(ctx: ExecContext, unit: UnitState): void {
  if (!unit.active) return;
  unitHook(ctx.world, unit.hook)?.(ctx.world, ctx.host.name, 'stop', unit);
  unit.active = false;
  unit.since = ctx.world.clock.now;
  delete unit.mainPid;
}

export const systemctl: Program = (ctx) => {
  const args = ctx.argv.slice(1).filter((a) => !['--no-pager', '-l', '--full', '-q', '--quiet', '--now', '--system'].includes(a));
  const quiet = ctx.argv.includes('-q') || ctx.argv.includes('--quiet');
  const now = ctx.argv.includes('--now');
  const verb = args[0];
  const names = args.slice(1);
  if (verb === undefined) {
    ctx.stderr("podbook: 'systemctl' without a command (list-units) is not simulated\n");
    return 1;
  }
  if (verb === 'daemon-reload') return 0;
  const known = ['status', 'start', 'stop', 'restart', 'reload', 'enable', 'disable', 'is-active', 'is-enabled'];
  if (!known.includes(verb)) {
    if (/^[a-z-]+$/.test(verb) && ['list-units', 'list-unit-files', 'reboot', 'poweroff', 'mask', 'unmask', 'show', 'cat', 'kill', 'reset-failed', 'try-restart', 'reload-or-restart', 'isolate', 'set-default', 'get-default'].includes(verb)) {
      ctx.stderr(`podbook: 'systemctl ${verb}' is not simulated\n`);
      return 1;
    }
    ctx.stderr(`Unknown operation '${verb}'.\n`);
    return 1;
  }
  if (names.length === 0) {
    if (verb === 'status') {
      ctx.stderr("podbook: 'systemctl status' without a unit is not simulated\n");
      return 1;
    }
    ctx.stderr(`Too few arguments.\n`);
    return 1;
  }
  let statusCode = 0;
  names.forEach((name, i) => {
    const full = name.includes('.') ? name : `${name}.service`;
    const unit = findUnit(ctx.world, ctx.host.name, name);
    switch (verb) {
      case 'status':
        if (!unit) {
          ctx.stderr(`Unit ${full} could not be found.\n`);
          statusCode = 4;
          return;
        }
        if (i > 0) ctx.stdout('\n');
        status(ctx, unit);
        if (!unit.active && statusCode === 0) statusCode = 3;
        return;
      case 'start':
      case 'restart':
      case 'reload':
        if (!unit) {
          ctx.stderr(`Failed to ${verb} ${full}: Unit not found.\n`);
          statusCode = 5;
          return;
        }
        if (verb === 'restart') stopUnit(ctx, unit);
        if (verb === 'reload' && !unit.active) {
          ctx.stderr(`Job for ${unit.name} invalid.\n`);
          statusCode = 1;
          return;
        }
        if (startUnit(ctx, unit) !== null) {
          ctx.stderr(`Job for ${unit.name} failed because the control process exited with error code. See "systemctl status ${unit.name}" and "journalctl -xe" for details.\n`);
          statusCode = 1;
        }
        return;
      case 'stop':
        if (!unit) {
          ctx.stderr(`Failed to stop ${full}: Unit ${full} not loaded.\n`);
          statusCode = 5;
          return;
        }
        stopUnit(ctx, unit);
        return;
      case 'enable':
      case 'disable': {
        if (!unit) {
          ctx.stderr('Failed to execute operation: No such file or directory\n');
          statusCode = 1;
          return;
        }
        const link = wantsLink(unit);
        const fs = ctx.host.fs;
        if (verb === 'enable' && !unit.enabled) {
          if (!fs.tryStat('/etc/systemd/system/multi-user.target.wants')) fs.mkdir('/etc/systemd/system/multi-user.target.wants', { parents: true });
          if (!fs.tryStat(link, false)) fs.symlink(unit.path, link);
          unit.enabled = true;
          if (!quiet) ctx.stderr(`Created symlink from ${link} to ${unit.path}.\n`);
        } else if (verb === 'disable' && unit.enabled) {
          if (fs.tryStat(link, false)) fs.remove(link);
          unit.enabled = false;
          if (!quiet) ctx.stderr(`Removed symlink ${link}.\n`);
        }
        if (now && verb === 'enable') startUnit(ctx, unit);
        if (now && verb === 'disable') stopUnit(ctx, unit);
        return;
      }
      case 'is-active': {
        const state = unit ? (unit.active ? 'active' : unit.failed ? 'failed' : 'inactive') : 'unknown';
        if (!quiet) ctx.stdout(state + '\n');
        if (state !== 'active') statusCode = 3;
        return;
      }
      case 'is-enabled': {
        if (!unit) {
          ctx.stderr(`Failed to get unit file state for ${full}: No such file or directory\n`);
          statusCode = 1;
          return;
        }
        if (!quiet) ctx.stdout(unit.enabled ? 'enabled\n' : 'disabled\n');
        if (!unit.enabled) statusCode = 1;
        return;
      }
    }
  });
  return statusCode;
};
