/**
 * A terminal REPL on a lab: the prompt is the lab's (`[root@localhost ~]# `), each line runs in the
 * lab's main session. `npm run serve` runs one on the lab it serves, so what the reader types and
 * what a real client does happen in one world.
 */
import { createInterface } from 'node:readline';
import type { Lab } from '../../simulator/index.ts';

export interface ReplOptions {
  input?: NodeJS.ReadableStream;
  output?: NodeJS.WritableStream;
  /** Runs before each command (serve mode moves the lab to the wall clock). */
  before?: () => void;
  /** Called when the reader leaves (`exit` in the login shell, Ctrl+D). */
  onClose?: () => void;
}

export function startRepl(lab: Lab, options: ReplOptions = {}): { close(): void } {
  const input = options.input ?? process.stdin;
  const output = options.output ?? process.stdout;
  const rl = createInterface({ input, output, terminal: (output as NodeJS.WriteStream).isTTY === true, historySize: 1000 });
  let pending = '';
  const prompt = (): void => {
    rl.setPrompt(pending === '' ? lab.prompt() : '> ');
    rl.prompt();
  };
  rl.on('line', (line) => {
    // A trailing backslash continues the command on the next line, as in bash.
    if (line.endsWith('\\')) {
      pending += `${line.slice(0, -1)}`;
      prompt();
      return;
    }
    const command = pending + line;
    pending = '';
    // `exit` in the login shell leaves; inside a container (run -it, exec) the lab pops that shell.
    if (/^\s*(exit|logout)(\s+\d+)?\s*$/.test(command) && lab.session().frames.length <= 1) {
      rl.close();
      return;
    }
    options.before?.();
    const result = lab.run(command, { follow: true });
    if (result.output !== '') output.write(result.output);
    if (result.streaming) follow();
    else prompt();
  });
  // A command that keeps printing (`docker logs -f`, `docker events`, `docker stats`) stays in the
  // foreground: time passes with the wall clock, a tick every quarter second, until it ends or Ctrl+C.
  let ticker: ReturnType<typeof setInterval> | undefined;
  const stopFollowing = (): void => {
    if (ticker !== undefined) clearInterval(ticker);
    ticker = undefined;
  };
  const follow = (): void => {
    let last = Date.now();
    ticker = setInterval(() => {
      const now = Date.now();
      const step = lab.pump(now - last);
      last = now;
      if (step.output !== '') output.write(step.output);
      if (step.done) {
        stopFollowing();
        prompt();
      }
    }, 250);
  };
  rl.on('SIGINT', () => {
    if (ticker !== undefined) {
      stopFollowing();
      const step = lab.interrupt();
      output.write(`^C\n${step.output}`);
      prompt();
      return;
    }
    // Other commands run to completion at once, so Ctrl+C has nothing to interrupt: it leaves.
    output.write('^C\n');
    rl.close();
  });
  rl.on('close', stopFollowing);
  rl.on('close', () => options.onClose?.());
  prompt();
  return { close: () => rl.close() };
}
