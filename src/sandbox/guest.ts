/**
 * The code that runs inside QuickJS: the simulator plus a JSON dispatcher. `scripts/build-sandbox.ts`
 * bundles this file into one script that sets `globalThis.podbook`. The host calls
 * `podbook.call(requestJson)` and gets a reply JSON string back, so no object handle ever crosses
 * the boundary. The whole simulator API is on `podbook` too, for anyone evaluating the bundle directly.
 */
import { createLab, restoreLab, labNames, Lab, LabError } from '../../simulator/index.ts';
import { detachTerminal } from '../../simulator/runtime/index.ts';
import { part, PART_NAMES } from '../../simulator/lazy/index.ts';
import type { GuestReply, GuestRequest } from './protocol.ts';

let lab: Lab | null = null;

function current(): Lab {
  if (!lab) throw new LabError('no lab has been created yet');
  return lab;
}

/**
 * The prompt a terminal would show, without side effects: `Lab.prompt` opens the session's login
 * shell when there is none yet, which would make this lab differ from a native one that has not run
 * a command (and put the session on the default host before a cell could choose another).
 */
function promptOf(l: Lab, session = 'main'): string {
  const sessions = (l.view().ext['sessions'] as { sessions?: Record<string, { frames: unknown[] }> } | undefined)?.sessions;
  if (sessions?.[session]?.frames.length) return l.prompt(session);
  const host = l.view().hosts[l.definition.defaultHost];
  return `[root@${(host?.hostname ?? 'localhost').split('.')[0]} ~]# `;
}

/** Whether a session's current shell is inside a container (reached by `run -it`, `attach` or `exec -it`). */
function attachedOf(l: Lab, session = 'main'): boolean {
  const sessions = (l.view().ext['sessions'] as { sessions?: Record<string, { frames: { kind: string; container?: string }[] }> } | undefined)?.sessions;
  const frames = sessions?.[session]?.frames ?? [];
  const top = frames[frames.length - 1];
  return top !== undefined && top.kind !== 'login' && top.container !== undefined;
}

/** Whether a followed command (`docker logs -f` run with `follow`) is still in a session's foreground. */
function streamingOf(l: Lab, session = 'main'): boolean {
  const sessions = (l.view().ext['sessions'] as { sessions?: Record<string, { stream?: unknown }> } | undefined)?.sessions;
  return sessions?.[session]?.stream !== undefined;
}

function handle(req: GuestRequest): unknown {
  switch (req.op) {
    case 'create':
      lab = createLab(req.lab, { seed: req.seed });
      return { prompt: promptOf(lab) };
    case 'restore':
      // A saved lab may hold processes, timers and services of any part (a stress worker's timer,
      // a server's signal handler), whose modules register them when loaded: load every part first.
      for (const name of PART_NAMES) part(name);
      lab = restoreLab(req.snapshot);
      return { prompt: promptOf(lab) };
    case 'run': {
      const options: { host?: string; session?: string; follow?: boolean } = {};
      if (req.host !== undefined) options.host = req.host;
      if (req.session !== undefined) options.session = req.session;
      if (req.follow) options.follow = true;
      return current().run(req.command, options);
    }
    case 'pump':
      // A negative or non-finite step would move the clock back or forever.
      if (typeof req.ms !== 'number' || !Number.isFinite(req.ms) || req.ms < 0) throw new LabError(`pump needs a number of milliseconds, not ${JSON.stringify(req.ms)}`);
      return current().pump(req.ms, req.session);
    case 'interrupt':
      return current().interrupt(req.session);
    case 'writeFile':
      current().writeFile(req.path, req.content, req.host);
      return null;
    case 'advance':
      current().advance(req.ms);
      return null;
    case 'snapshot':
      return current().snapshot();
    case 'state':
      return { state: current().view(), prompt: promptOf(current()) };
    case 'prompt':
      return promptOf(current(), req.session);
    case 'session':
      return { prompt: promptOf(current(), req.session), attached: attachedOf(current(), req.session), ...(streamingOf(current(), req.session) ? { streaming: true } : {}) };
    case 'detach': {
      const output = detachTerminal(current().world, req.session ?? 'main') ?? null;
      return { output, prompt: promptOf(current(), req.session) };
    }
    default:
      throw new LabError(`unknown request ${JSON.stringify((req as { op?: unknown }).op)}`);
  }
}

function call(json: string): string {
  let reply: GuestReply;
  try {
    reply = { ok: true, value: handle(JSON.parse(json) as GuestRequest) };
  } catch (e) {
    const error = e instanceof Error ? e.message : String(e);
    reply = { ok: false, invalid: e instanceof LabError, error };
  }
  return JSON.stringify(reply);
}

(globalThis as unknown as { podbook: unknown }).podbook = { call, createLab, restoreLab, labNames };
