/**
 * Browser tests of the terminal (loaded by run.ts), mostly on the terminal page of the built site:
 * completion and Ctrl+C, Ctrl+P Ctrl+Q detaching from a container, floods of output, Reset lab
 * while a command runs, and the lab kept across a reload. Screenshots go to test-results/terminal-*.png.
 */
import { join } from 'node:path';
import { check, close, openPage, RESULTS, test } from './harness.ts';
import type { PodbookPage } from './podbook-page.ts';

const PAGE = '/en/terminal/';
const TERM = '.pb-terminal-full';
const CONTAINER_PROMPT = /^\[root@[0-9a-f]{12} \/\]#$/;
const HOST_PROMPT = '[root@localhost ~]#';

async function openTerminal(): Promise<PodbookPage> {
  const pb = await openPage(PAGE);
  await pb.terminalReady(TERM);
  return pb;
}

async function shoot(pb: PodbookPage, name: string): Promise<void> {
  await pb.page.locator(TERM).screenshot({ path: join(RESULTS, `terminal-${name}.png`) });
}

test('the terminal page runs a command, completes a container name with Tab, and Ctrl+C drops the line', async () => {
  const pb = await openTerminal();
  const { page } = pb;
  try {
    // The page has no cells: its bar offers Reset lab only, without the cells' intro or Run all.
    check((await page.getByRole('button', { name: 'Run all' }).count()) === 0 && (await page.locator('.pb-notebook-intro').count()) === 0, 'the terminal page has no Run all and no cells intro');
    check((await page.getByRole('button', { name: 'Reset lab' }).count()) === 1, 'the terminal page has Reset lab');
    await pb.typeCommand(TERM, 'docker run -d --name webserver nginx:1.7.9');
    await pb.typeKeys(TERM, 'docker inspect -f {{.State.Status}} webse');
    await page.keyboard.press('Tab');
    await page.waitForFunction((sel) => (document.querySelector(sel)?.textContent ?? '').replace(/\u00a0/g, ' ').includes('{{.State.Status}} webserver '), TERM, { timeout: 90_000 });
    const before = await pb.terminalCommands(TERM);
    await page.keyboard.press('Enter');
    await pb.waitTerminalCommands(TERM, before + 1);
    const text = await pb.screen(TERM);
    check(/webserver\s*\nrunning\n/.test(text), `Tab completed the name and the command ran:\n${text}`);
    // A command longer than a row wraps, and every key redraws it in place (no copies pile up).
    const long = `echo ${'abcdefghij'.repeat(17)}`;
    await pb.typeKeys(TERM, long.slice(0, -20));
    await page.keyboard.press('ArrowLeft');
    await page.keyboard.press('ArrowRight');
    await pb.typeCommand(TERM, long.slice(-20));
    const wrapped = (await pb.screen(TERM)).replace(/\n/g, '');
    check(wrapped.split('# echo abcdefghij').length === 2 && wrapped.includes(`${long}${'abcdefghij'.repeat(17)}[root@localhost ~]#`), `a long command is drawn once:\n${await pb.screen(TERM)}`);
    // Tab completes, so the keyboard leaves the terminal by Shift+Tab, or by Escape then Tab.
    const inTerminal = () => page.evaluate((sel) => document.activeElement === document.querySelector(`${sel} .xterm-helper-textarea`), TERM);
    await pb.typeKeys(TERM, '');
    await page.keyboard.press('Shift+Tab');
    check(!(await inTerminal()), 'Shift+Tab leaves the terminal');
    await pb.typeKeys(TERM, '');
    await page.keyboard.press('Escape');
    await page.keyboard.press('Tab');
    check(!(await inTerminal()), 'Escape then Tab leaves the terminal');
    const described = await page.evaluate((sel) => {
      const id = document.querySelector(`${sel} .xterm-helper-textarea`)?.getAttribute('aria-describedby');
      return id ? document.getElementById(id)?.textContent : null;
    }, TERM);
    check(described === 'Shift+Tab, or Esc then Tab, leaves the terminal.', `a screen reader is told how to leave: ${described}`);
    await pb.typeKeys(TERM, 'echo never');
    await page.keyboard.press('Control+C');
    await page.waitForTimeout(200);
    const after = await pb.screen(TERM);
    check(after.includes('echo never^C') && !after.includes('\nnever'), `Ctrl+C dropped the line:\n${after}`);
    for (const theme of ['dark', 'light'] as const) {
      await pb.setTheme(theme);
      await page.waitForTimeout(200);
      await shoot(pb, theme);
    }
  } finally {
    await close(pb);
  }
});

test('Ctrl+P Ctrl+Q detaches from a container (run -it, attach): "read escape sequence", the host prompt, the container keeps running', async () => {
  const pb = await openTerminal();
  const { page } = pb;
  const detach = async (): Promise<void> => {
    const before = await pb.terminalCommands(TERM);
    await page.keyboard.press('Control+P');
    await page.keyboard.press('Control+Q');
    await pb.waitTerminalCommands(TERM, before + 1, 30_000);
  };
  try {
    await pb.typeCommand(TERM, 'docker run -it --name c7 centos:7');
    const inside = await pb.lastLine(TERM);
    check(CONTAINER_PROMPT.test(inside), `run -it leaves the terminal in the container's shell: ${inside}`);
    check((await page.locator(TERM).getAttribute('data-attached')) === 'true', 'the terminal knows it is attached');
    await detach();
    let text = await pb.screen(TERM);
    check(text.includes(`${inside} read escape sequence\n${HOST_PROMPT}`), `docker's line, then the host prompt:\n${text}`);
    check((await page.locator(TERM).getAttribute('data-attached')) === 'false', 'the terminal knows it is back on the host');
    await pb.typeCommand(TERM, "docker ps --format '{{.Names}} {{.State}}'");
    check((await pb.screen(TERM)).includes("{{.State}}'\nc7 running\n"), `c7 keeps running after the detach:\n${await pb.screen(TERM)}`);

    await pb.typeCommand(TERM, 'docker attach c7');
    check(CONTAINER_PROMPT.test(await pb.lastLine(TERM)), `attach puts the terminal back in c7: ${await pb.lastLine(TERM)}`);
    await detach();
    text = await pb.screen(TERM);
    check(text.endsWith(`read escape sequence\n${HOST_PROMPT}`), `detached from attach too:\n${text}`);
    await pb.typeCommand(TERM, "docker ps --format '{{.Names}} {{.State}}'");
    check((await pb.screen(TERM)).endsWith(`c7 running\n${HOST_PROMPT}`), `c7 still runs:\n${await pb.screen(TERM)}`);
    await shoot(pb, 'detached');

    // On the host nothing is attached: Ctrl+P is bash's previous-history and Ctrl+Q does nothing.
    const count = await pb.terminalCommands(TERM);
    await page.keyboard.press('Control+P');
    await page.keyboard.press('Control+Q');
    await page.waitForTimeout(300);
    const line = await pb.lastLine(TERM);
    check(line === `${HOST_PROMPT} docker ps --format '{{.Names}} {{.State}}'`, `Ctrl+P recalls the last command on the host: ${line}`);
    check((await pb.terminalCommands(TERM)) === count && !(await pb.screen(TERM)).endsWith('read escape sequence'), 'nothing was detached on the host');
    await page.keyboard.press('Control+U');
    // `exit` in an attached container's only shell still stops it.
    await pb.typeCommand(TERM, 'docker attach c7');
    await pb.typeCommand(TERM, 'exit');
    await pb.typeCommand(TERM, "docker ps -a --format '{{.Names}} {{.State}}'");
    check((await pb.screen(TERM)).endsWith(`c7 exited\n${HOST_PROMPT}`), `exit stops c7:\n${await pb.screen(TERM)}`);
    check(pb.errors.length === 0, `page errors: ${pb.errors.join('; ')}`);
  } finally {
    await close(pb);
  }
});

test('Ctrl+P Ctrl+Q in a chapter\'s own terminal, after the cells above it ran', async () => {
  const path = '/en/02-docker-basics/';
  const pb = await openPage(path);
  const { page } = pb;
  try {
    // A terminal of the chapter that is not an exercise's.
    const found = await page.evaluate(() => {
      const el = Array.from(document.querySelectorAll<HTMLElement>('.pb-terminal')).find((t) => !t.closest('.pb-exercise'));
      if (el) el.id = 'pb-test-terminal';
      return el !== undefined;
    });
    if (!found) return console.log(`  ${path} has no terminal of its own; nothing to try`);
    const term = '#pb-test-terminal';
    await pb.terminalReady(term);
    await pb.typeCommand(term, 'docker run -it --name tryit centos:7');
    const inside = await pb.lastLine(term);
    check(CONTAINER_PROMPT.test(inside), `attached: ${inside}`);
    const before = await pb.terminalCommands(term);
    await page.keyboard.press('Control+P');
    await page.keyboard.press('Control+Q');
    await pb.waitTerminalCommands(term, before + 1, 30_000);
    check((await pb.screen(term)).endsWith(`${inside} read escape sequence\n${HOST_PROMPT}`), `detached:\n${await pb.screen(term)}`);
    await pb.typeCommand(term, "docker ps --filter name=tryit --format '{{.Names}} {{.State}}'");
    check((await pb.screen(term)).endsWith(`tryit running\n${HOST_PROMPT}`), `tryit keeps running:\n${await pb.screen(term)}`);
    check(pb.errors.length === 0, `page errors: ${pb.errors.join('; ')}`);
  } finally {
    await close(pb);
  }
});

test('a flood of output is capped with a message at the prompt, and the page stays responsive', async () => {
  const pb = await openTerminal();
  const { page } = pb;
  try {
    const floods = ['yes | head -n 200000', 'printf "%01000000d" 0', 'yes'];
    for (const flood of floods) {
      const started = performance.now();
      await pb.typeCommand(TERM, flood);
      const took = Math.round(performance.now() - started);
      const text = await pb.screen(TERM);
      const rows = text.split('\n').filter((r) => r !== '');
      const said = rows.slice(-4).join('\n');
      check(/\[output truncated: kept only its last 5000 lines, up to 400000 characters\]/.test(said) || said.includes('podbook: command stopped'), `${flood}: the terminal says the output was cut:\n${said}`);
      check(rows[rows.length - 1] === HOST_PROMPT, `${flood}: the prompt is back: ${rows[rows.length - 1]}`);
      const ping = performance.now();
      await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(resolve)));
      const frame = Math.round(performance.now() - ping);
      console.log(`  ${flood}: ${took} ms to the prompt, next frame after ${frame} ms`);
      check(frame < 1000, `${flood}: the page answers (next frame after ${frame} ms)`);
      await shoot(pb, `flood-${floods.indexOf(flood)}`);
    }
    check((await page.locator(TERM).getAttribute('data-truncated')) === 'true', 'the terminal marks the cut');
    await pb.typeCommand(TERM, 'echo still here');
    check((await pb.screen(TERM)).endsWith(`still here\n${HOST_PROMPT}`), `the terminal goes on:\n${await pb.lastLine(TERM)}`);
    check(pb.errors.length === 0, `page errors: ${pb.errors.join('; ')}`);
  } finally {
    await close(pb);
  }
});

/** Runs a command in another session of the page's lab, as a second terminal would. */
async function runElsewhere(pb: PodbookPage, command: string): Promise<void> {
  await pb.page.evaluate(async (line) => {
    type Client = { run(c: string, o: { session: string }): Promise<{ ok: boolean }> };
    type Api = { withLab<T>(el: null, task: (c: Client) => Promise<T>): Promise<T | undefined> };
    const slot = (globalThis as unknown as Record<symbol, { ready: Promise<Api> }>)[Symbol.for('podbook.notebook')];
    const done = await (await slot?.ready)?.withLab(null, (c) => c.run(line, { session: 'visitor' }));
    if (!done?.ok) throw new Error(`podbook test: ${line} did not run`);
  }, command);
}

test('docker logs -f follows the lab as time passes, new lines appear, and Ctrl+C ends it with ^C, 130 and the prompt', async () => {
  const pb = await openTerminal();
  const { page } = pb;
  const streaming = (on: boolean) => page.waitForFunction(([sel, want]) => (document.querySelector<HTMLElement>(sel as string)?.dataset['streaming'] === 'true') === want, [TERM, on] as const, { timeout: 30_000 });
  // Rows joined: a long log line wraps over several.
  const joined = async (): Promise<string> => (await pb.screen(TERM)).replace(/\n/g, '');
  const requests = async (): Promise<number> => (await joined()).split('"GET / HTTP/1.1" 200 45').length - 1;
  try {
    await pb.typeCommand(TERM, 'docker run -d --name web -p 8080:80 httpd');
    const before = await pb.terminalCommands(TERM);
    await pb.typeKeys(TERM, 'docker logs -f web\n');
    await streaming(true);
    await page.waitForTimeout(1000);
    check((await joined()).endsWith("Command line: 'httpd -D FOREGROUND'"), `the log so far, and no prompt while it follows:\n${await pb.screen(TERM)}`);
    // Requests from elsewhere show up as they happen, with no key pressed.
    for (const n of [1, 2]) {
      await runElsewhere(pb, 'curl -s localhost:8080 > /dev/null');
      const until = Date.now() + 5000;
      while ((await requests()) < n && Date.now() < until) await page.waitForTimeout(100);
      check((await requests()) === n, `request ${n} appears in the followed log:\n${await pb.screen(TERM)}`);
    }
    // Typing while it runs does nothing; Ctrl+C ends it.
    await pb.typeKeys(TERM, 'ignored');
    await page.waitForTimeout(600);
    check((await pb.terminalCommands(TERM)) === before && !(await pb.screen(TERM)).includes('ignored'), 'it is still following and typed keys were dropped');
    await page.keyboard.press('Control+C');
    await pb.waitTerminalCommands(TERM, before + 1, 30_000);
    await streaming(false);
    const text = await pb.screen(TERM);
    check(text.endsWith(`200 45\n^C\n${HOST_PROMPT}`), `^C after the log, then the prompt:\n${text}`);
    await pb.typeCommand(TERM, 'echo $?');
    check((await pb.screen(TERM)).endsWith(`echo $?\n130\n${HOST_PROMPT}`), `exit status 130:\n${await pb.screen(TERM)}`);
    await shoot(pb, 'follow');

    // A stream that ends by itself gives the prompt back; Reset lab ends one that does not.
    await pb.typeCommand(TERM, 'docker run -d --name brief busybox sleep 5');
    const count = await pb.terminalCommands(TERM);
    await pb.typeKeys(TERM, 'docker attach brief\n');
    await pb.waitTerminalCommands(TERM, count + 1, 30_000);
    check((await pb.screen(TERM)).endsWith(`docker attach brief\n${HOST_PROMPT}`), `attach ends with the container:\n${await pb.screen(TERM)}`);
    await pb.typeCommand(TERM, 'echo $?');
    check((await pb.screen(TERM)).endsWith(`echo $?\n0\n${HOST_PROMPT}`), `with its status:\n${await pb.screen(TERM)}`);
    await pb.typeKeys(TERM, 'docker events\n');
    await streaming(true);
    await page.getByRole('button', { name: 'Reset lab' }).click();
    await streaming(false);
    await page.waitForFunction((sel) => (document.querySelector(sel)?.textContent ?? '').includes('The lab was reset.'), TERM, { timeout: 30_000 });
    await page.waitForTimeout(300);
    check((await pb.screen(TERM)).endsWith(`The lab was reset.\n${HOST_PROMPT}`), `reset ends the stream:\n${await pb.screen(TERM)}`);
    await pb.typeCommand(TERM, 'docker ps -aq | wc -l');
    check((await pb.screen(TERM)).endsWith(`wc -l\n0\n${HOST_PROMPT}`), `the lab is fresh:\n${await pb.screen(TERM)}`);
    check(pb.errors.length === 0, `page errors: ${pb.errors.join('; ')}`);
  } finally {
    await close(pb);
  }
});

test('a reload while a command follows its output leaves a plain prompt: the next command runs as usual', async () => {
  const pb = await openTerminal();
  const { page } = pb;
  try {
    await pb.typeCommand(TERM, 'docker run -d --name web httpd');
    await pb.typeKeys(TERM, 'docker logs -f web\n');
    await page.waitForFunction((sel) => document.querySelector<HTMLElement>(sel)?.dataset['streaming'] === 'true', TERM, { timeout: 30_000 });
    await page.waitForTimeout(300);
    await page.reload({ waitUntil: 'load' });
    await pb.terminalReady(TERM);
    await pb.typeCommand(TERM, 'echo $?; docker ps --format {{.Names}}');
    const text = await pb.screen(TERM);
    check(text.endsWith(`{{.Names}}\n130\nweb\n${HOST_PROMPT}`), `the followed command ended with the page, the lab goes on:\n${text}`);
    check((await page.locator(TERM).getAttribute('data-streaming')) === null, 'nothing is followed after the reload');
    check(pb.errors.length === 0, `page errors: ${pb.errors.join('; ')}`);
  } finally {
    await close(pb);
  }
});

test('docker stats redraws its table in place as time passes, until Ctrl+C', async () => {
  const pb = await openTerminal();
  const { page } = pb;
  try {
    await pb.typeCommand(TERM, 'docker run -d --name web httpd');
    const before = await pb.terminalCommands(TERM);
    await pb.typeKeys(TERM, 'docker stats\n');
    await page.waitForFunction((sel) => document.querySelector<HTMLElement>(sel)?.dataset['streaming'] === 'true', TERM, { timeout: 30_000 });
    await page.waitForTimeout(1500);
    const table = await pb.screen(TERM);
    // ESC [ H puts each screen at the top: the table is the first thing on it, drawn once.
    // (Its rows are wider than the terminal here, so they wrap as in a narrow real one.)
    check(/^CONTAINER ID {3}NAME {6}CPU % {5}MEM USAGE \/ LIMIT/.test(table) && /\n[0-9a-f]{12} {3}web {7}/.test(table) && table.split('CONTAINER ID').length === 2, `the stats table at the top:\n${table}`);
    await page.keyboard.press('Control+C');
    await pb.waitTerminalCommands(TERM, before + 1, 30_000);
    const text = await pb.screen(TERM);
    check(/\n\^C\n\[root@localhost ~\]#$/.test(text), `^C under the table, then the prompt:\n${text}`);
    await shoot(pb, 'stats');
    check(pb.errors.length === 0, `page errors: ${pb.errors.join('; ')}`);
  } finally {
    await close(pb);
  }
});

test('Reset lab while a terminal command runs, or while attached: the terminal says so and goes on with the fresh lab', async () => {
  const pb = await openTerminal();
  const { page } = pb;
  try {
    await pb.typeCommand(TERM, 'docker run -d --name gone nginx:1.7.9');
    const before = await pb.terminalCommands(TERM);
    await pb.typeKeys(TERM, 'while true; do :; done\n');
    await page.waitForFunction((sel) => document.querySelector<HTMLElement>(sel)?.dataset['busy'] === 'true', TERM);
    await page.getByRole('button', { name: 'Reset lab' }).click();
    await pb.waitTerminalCommands(TERM, before + 1);
    await page.waitForFunction((sel) => (document.querySelector(sel)?.textContent ?? '').includes('The lab was reset.'), TERM, { timeout: 30_000 });
    await page.waitForTimeout(300);
    let text = await pb.screen(TERM);
    check(text.endsWith(`The lab was reset.\n${HOST_PROMPT}`), `the terminal says the lab was reset:\n${text}`);
    await pb.typeCommand(TERM, 'docker ps -aq | wc -l');
    check((await pb.screen(TERM)).endsWith(`wc -l\n0\n${HOST_PROMPT}`), `the lab is fresh:\n${await pb.screen(TERM)}`);

    await pb.typeCommand(TERM, 'docker run -it centos:7');
    check(CONTAINER_PROMPT.test(await pb.lastLine(TERM)), 'attached');
    await page.getByRole('button', { name: 'Reset lab' }).click();
    await page.waitForFunction((sel) => document.querySelector<HTMLElement>(sel)?.dataset['attached'] === 'false', TERM, { timeout: 30_000 });
    await pb.screenEndsWith(TERM, `The lab was reset.\n${HOST_PROMPT}`);
    text = await pb.screen(TERM);
    check(text.endsWith(`The lab was reset.\n${HOST_PROMPT}`), `back at the host prompt of the fresh lab:\n${text}`);
    await pb.typeCommand(TERM, 'hostname');
    check((await pb.screen(TERM)).endsWith(`hostname\nlocalhost\n${HOST_PROMPT}`), `commands run on the host:\n${await pb.screen(TERM)}`);
    check(pb.errors.length === 0, `page errors: ${pb.errors.join('; ')}`);
  } finally {
    await close(pb);
  }
});

test('a reload keeps the lab: a container started before it is still in docker ps', async () => {
  const pb = await openTerminal();
  const { page } = pb;
  try {
    await pb.typeCommand(TERM, 'docker run -d --name keeper nginx:1.7.9');
    await page.waitForTimeout(300);
    await page.reload({ waitUntil: 'load' });
    check((await page.locator('.pb-notebook').getAttribute('data-persist')) === 'restored', 'the page says the lab was restored');
    await pb.terminalReady(TERM);
    await pb.typeCommand(TERM, "docker ps --format '{{.Names}}'");
    const text = await pb.screen(TERM);
    check(/\nkeeper\n/.test(text), `keeper is still running after the reload:\n${text}`);
    // History came back too: Up recalls the last command.
    await page.keyboard.press('ArrowUp');
    await page.waitForTimeout(200);
    check((await pb.screen(TERM)).includes("# docker ps --format '{{.Names}}'\n"), 'history survives');
  } finally {
    await close(pb);
  }
});

test('a corrupt saved lab resets cleanly with a message', async () => {
  const pb = await openPage(PAGE);
  const { page } = pb;
  try {
    await page.evaluate(() => localStorage.setItem('podbook:lab:v1:/en/terminal/:docker:1', '{"version":1,"snapshot":"not a lab","cells":[],"history":[]}'));
    await page.reload({ waitUntil: 'load' });
    await pb.terminalReady(TERM);
    await page.waitForFunction(() => document.querySelector<HTMLElement>('.pb-notebook')?.dataset['persist'] === 'corrupt', undefined, { timeout: 60_000 });
    const message = await page.locator('.pb-notebook-state').textContent();
    check(message?.includes('could not be read'), `the message shows (got ${message})`);
    await pb.typeCommand(TERM, 'docker ps -q | wc -l');
    check((await pb.screen(TERM)).includes('wc -l\n0'), 'the lab started afresh');
    // The page saves the lab just after the command: let that land before spoiling it.
    await page.waitForFunction(() => {
      try {
        return (JSON.parse(localStorage.getItem('podbook:lab:v1:/en/terminal/:docker:1') ?? '') as { version?: number }).version === 1;
      } catch {
        return false;
      }
    });
    await page.evaluate(() => localStorage.setItem('podbook:lab:v1:/en/terminal/:docker:1', '{oops'));
    await page.reload({ waitUntil: 'load' });
    check((await page.locator('.pb-notebook').getAttribute('data-persist')) === 'corrupt', 'unreadable JSON is reported too');
  } finally {
    await close(pb);
  }
});

test("the home page shows a chapter's progress once its cells ran", async () => {
  const pb = await openPage('/en/02-docker-basics/');
  const { page } = pb;
  try {
    await pb.clickRun(0);
    await pb.waitSettled(0);
    await page.waitForTimeout(500);
    await pb.goto('/en/');
    const badge = page.locator('a[href="/en/02-docker-basics/"] + .pb-progress');
    await badge.waitFor({ timeout: 10_000 });
    const text = await badge.textContent();
    check(/^1 of \d+ done$/.test(text ?? ''), `progress badge says how far (got ${text})`);
  } finally {
    await close(pb);
  }
});
