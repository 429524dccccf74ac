/**
 * The code that runs inside QuickJS: the simulator plus a JSON dispatcher. `scripts/build-sandbox.ts`
 * bundles this file into one script that sets `globalThis.podbook`. The host calls
 * `podbook.call(requestJson)` and gets a reply JSON string back, so no object handle ever crosses
 * the boundary. The whole simulator API is on `podbook` too, for anyone evaluating the bundle directly.
 */
import { createLab, restoreLab, labNames, Lab, LabError } from '../../simulator/index.ts';
import type { GuestReply, GuestRequest } from './protocol.ts';

let lab: Lab | null = null;

function current(): Lab {
  if (!lab) throw new LabError('no lab has been created yet');
  return lab;
}

function handle(req: GuestRequest): unknown {
  switch (req.op) {
    case 'create':
      lab = createLab(req.lab, { seed: req.seed });
      return { prompt: lab.prompt() };
    case 'restore':
      lab = restoreLab(req.snapshot);
      return { prompt: lab.prompt() };
    case 'run': {
      const options: { host?: string; session?: string } = {};
      if (req.host !== undefined) options.host = req.host;
      if (req.session !== undefined) options.session = req.session;
      return current().run(req.command, options);
    }
    case 'writeFile':
      current().writeFile(req.path, req.content, req.host);
      return null;
    case 'advance':
      current().advance(req.ms);
      return null;
    case 'snapshot':
      return current().snapshot();
    case 'state':
      return { state: current().view(), prompt: current().prompt() };
    case 'prompt':
      return current().prompt(req.session);
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
