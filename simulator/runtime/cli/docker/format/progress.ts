/**
 * Renders the daemon's JSON-lines progress stream (pull, push, load) as the CLI's jsonmessage
 * display does. Not a terminal: progress-bar messages are skipped and every other message is one
 * line. A terminal: each layer id owns a line that is rewritten in place; what is printed here is
 * the final screen, with the trailing space the terminal renderer leaves after a status.
 */
import { CliError } from '../client.ts';

interface JsonMessage {
  status?: string;
  id?: string;
  progress?: string;
  progressDetail?: { current?: number; total?: number };
  error?: string;
  errorDetail?: { message?: string };
  stream?: string;
  aux?: unknown;
}

function parseLines(body: string): JsonMessage[] {
  const out: JsonMessage[] = [];
  for (const line of body.split(/\r?\n/)) {
    if (line.trim() === '') continue;
    try {
      out.push(JSON.parse(line) as JsonMessage);
    } catch {
      // A torn line: the real decoder would fail the stream; skip it here.
    }
  }
  return out;
}

/** Whether the client's progress bar for this message is non-empty (it draws one when either count is positive). */
function drawsBar(m: JsonMessage): boolean {
  return m.progressDetail !== undefined && ((m.progressDetail.current ?? 0) > 0 || (m.progressDetail.total ?? 0) > 0);
}

/** Returns the text to print; throws CliError for an `error` message in the stream. */
export function renderProgress(body: string, tty: boolean): string {
  const messages = parseLines(body);
  if (!tty) {
    // Not a terminal: a message whose bar would show is skipped; the rest print as the client's
    // Display prints them — including a bar text (`progress`) whose counts are empty, which then
    // goes out as it is, with no newline after it.
    let out = '';
    for (const m of messages) {
      if (m.error !== undefined) throw new CliError(m.error);
      if (m.aux !== undefined || drawsBar(m)) continue;
      const id = m.id ? `${m.id}: ` : '';
      if (m.progress) out += `${id}${m.status ?? ''} ${m.progress}`;
      else if (m.stream) out += id + m.stream;
      else out += `${id}${m.status ?? ''}\n`;
    }
    return out;
  }
  const lines: string[] = [];
  const byId: Record<string, number> = {};
  for (const m of messages) {
    if (m.error !== undefined) throw new CliError(m.error);
    if (m.status === undefined && m.stream === undefined) continue;
    if (m.stream !== undefined) {
      lines.push(m.stream.replace(/\n$/, ''));
      continue;
    }
    const withBar = m.progressDetail !== undefined;
    const text = (m.id ? `${m.id}: ` : '') + (m.status as string) + (withBar ? ` ${m.progress ?? ''}` : '');
    if (m.id && withBar) {
      const at = byId[m.id];
      if (at === undefined) {
        byId[m.id] = lines.length;
        lines.push(text);
      } else lines[at] = text;
    } else lines.push(text);
  }
  return lines.map((l) => l + '\n').join('');
}
