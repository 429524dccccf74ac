/**
 * Programs, docker commands and engine routes that most pages never run (builders, archives,
 * package managers, network tools...). The sandbox loads this part the first time one is used;
 * natively it is imported with everything else. Nothing here may register anything when imported.
 */
import type { Program } from '../../kernel/types.ts';
import type { Command } from '../../runtime/cli/docker/command.ts';
import { conntrack } from '../../programs/net/conntrack.ts';
import { which } from '../../programs/coreutils/which.ts';
import { date } from '../../programs/coreutils/date.ts';
import { events, systemDf, update, renderEvents } from '../../runtime/cli/docker/commands/system-extra.ts';
import { ip } from '../../programs/net/ip.ts';
import { useradd } from '../../programs/coreutils/useradd.ts';
import { uniq } from '../../programs/coreutils/uniq.ts';
import { tr } from '../../programs/coreutils/tr.ts';
import { stat } from '../../programs/coreutils/stat.ts';
import { sort } from '../../programs/coreutils/sort.ts';
import { seq } from '../../programs/coreutils/seq.ts';
import { getent } from '../../programs/coreutils/getent.ts';
import { cut } from '../../programs/coreutils/cut.ts';
import { base64 } from '../../programs/coreutils/base64.ts';
import { busyboxPing, ping, pingInterrupt, pingTick } from '../../programs/net/ping.ts';
import { busyboxTop, top } from '../../programs/procps/top.ts';
import { ps } from '../../programs/procps/ps.ts';
import { build } from '../../runtime/cli/docker/commands/build.ts';
import { runBuildx } from '../../runtime/cli/docker/commands/buildx-build.ts';
import { cp, exportCmd, importCmd, load, save } from '../../runtime/cli/docker/commands/archive.ts';
import { systemPrune } from '../../runtime/cli/docker/commands/system-prune.ts';
import { volumeCreate, volumeInspect, volumeLs, volumePrune, volumeRm } from '../../runtime/cli/docker/commands/volume.ts';
import { networkConnect, networkCreate, networkDisconnect, networkInspect, networkLs, networkPrune, networkRm } from '../../runtime/cli/docker/commands/network.ts';
import { login, logout, push } from '../../runtime/cli/docker/commands/registry.ts';
import { commit, diff } from '../../runtime/cli/docker/commands/commit.ts';
import { history, imagePrune, rmi, search, tag } from '../../runtime/cli/docker/commands/image-misc.ts';
import { buildRoute } from '../../runtime/engine/build.ts';
import { awk } from '../../programs/coreutils/awk.ts';
import { yum } from '../../programs/coreutils/yum.ts';
import { rpm } from '../../programs/coreutils/rpm.ts';
import { tar } from '../../programs/coreutils/tar.ts';
import { gpasswd, usermod } from '../../programs/coreutils/usermod.ts';
import { sed } from '../../programs/coreutils/sed.ts';
import { hello } from '../../programs/hello.ts';
import { find } from '../../programs/coreutils/find.ts';
import { xargs } from '../../programs/coreutils/xargs.ts';
import { sudo } from '../../programs/coreutils/sudo.ts';
import { hostnamectl } from '../../programs/coreutils/hostnamectl.ts';
import { sha256sum } from '../../programs/coreutils/sha256sum.ts';
import { tac } from '../../programs/coreutils/tac.ts';
import { getenforce, setenforce } from '../../programs/coreutils/selinux.ts';
import { crontab, modprobe, swapoff, swapon } from '../../programs/coreutils/kernel-admin.ts';
import { systemctl } from '../../programs/coreutils/systemctl.ts';
import { pstree } from '../../programs/procps/pstree.ts';
import { nsenter } from '../../programs/procps/nsenter.ts';
import { unshare } from '../../programs/procps/unshare.ts';
import { lsns } from '../../programs/procps/lsns.ts';
import { stress } from '../../programs/procps/stress.ts';
import { perl } from '../../programs/procps/perl.ts';
import { dd } from '../../programs/procps/dd.ts';
import { du } from '../../programs/procps/du.ts';
import { df } from '../../programs/procps/df.ts';
import { mount, umount } from '../../programs/procps/mount.ts';
import { chroot } from '../../programs/procps/chroot.ts';
import { free } from '../../programs/procps/free.ts';
import { arp } from '../../programs/net/arp.ts';
import { bridge, brctl } from '../../programs/net/bridge.ts';
import { ifconfig } from '../../programs/net/ifconfig.ts';
import { iptables } from '../../programs/net/iptables.ts';
import { ipvsadm } from '../../programs/net/ipvsadm.ts';
import { netstat } from '../../programs/net/netstat.ts';
import { busyboxNslookup, nslookup } from '../../programs/net/nslookup.ts';
import { ss } from '../../programs/net/ss.ts';
import { telnet } from '../../programs/net/telnet.ts';
import { ncat } from '../../programs/net/ncat.ts';
import { busyboxNc } from '../../programs/net/busybox-nc.ts';
import { busyboxWget, wget } from '../../programs/net/wget.ts';

let programTable: Record<string, Program> | undefined;
let commandTable: Record<string, Command> | undefined;

/** Program models by the name their stand-ins ask for (programs/on-demand.ts); built on first use, once. */
export function programs(): Record<string, Program> {
  return (programTable ??= { conntrack, date, which, base64, cut, getent, seq, sort, stat, tr, uniq, useradd, ip, ps, top, busyboxTop, ping, busyboxPing, awk, yum, rpm, tar, gpasswd, usermod, sed, find, xargs, sudo, hostnamectl, sha256sum, tac, getenforce, setenforce, crontab, modprobe, swapoff, swapon, systemctl, pstree, nsenter, unshare, lsns, stress, perl, dd, du, df, mount, umount, chroot, free, arp, bridge, brctl, ifconfig, iptables, ipvsadm, netstat, busyboxNslookup, nslookup, ss, telnet, ncat, busyboxNc, busyboxWget, wget, hello });
}

/** docker commands by the name their stand-ins ask for (runtime/cli/docker/on-demand.ts); built on first use, once. */
export function commands(): Record<string, Command> {
  return (commandTable ??= { events, systemDf, update, build, cp, exportCmd, importCmd, load, save, systemPrune, volumeCreate, volumeInspect, volumeLs, volumePrune, volumeRm, networkConnect, networkCreate, networkDisconnect, networkInspect, networkLs, networkPrune, networkRm, login, logout, push, commit, diff, history, imagePrune, rmi, search, tag });
}

export { runBuildx, buildRoute, renderEvents, pingTick, pingInterrupt };
// Engine routes: archives (cp, export, import, save, load), commits and diffs, registry pulls and pushes.
export { archiveRoute, exportRoute, importRoute, loadRoute, saveRoute } from '../../runtime/engine/archive.ts';
export { changesRoute, commitRoute } from '../../runtime/engine/commit.ts';
export { pullFromRegistry, pushImage } from '../../runtime/engine/distribution.ts';
// The kernel's /proc and /sys/fs/cgroup (kernel/host.ts mounts them through this).
export { ProcFs } from '../../kernel/procfs.ts';
export { CgroupFs } from '../../kernel/cgroupfs.ts';
export * as gotemplate from '../../runtime/cli/docker/format/gotemplate/index.ts';
export { typedView } from '../../runtime/cli/docker/commands/inspect-typed.ts';
