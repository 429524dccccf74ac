/** sort (coreutils 8.22): `-n -r -u -k N[,M] -t SEP -f -h`, in the en_US.UTF-8 collation. */
import type { Program } from '../../kernel/types.ts';
import { FsError } from '../../kernel/vfs.ts';
import { abs, errno, lines, parseOptions, q } from './common.ts';
import { collate } from './collate.ts';

function humanValue(text: string): number {
  const m = /^\s*(-?\d+(?:\.\d+)?)([KMGTPE]?)/i.exec(text);
  if (!m) return 0;
  return Number(m[1]) * 1024 ** ' KMGTPE'.indexOf((m[2] || ' ').toUpperCase());
}

export const sort: Program = (ctx) => {
  const opts = parseOptions(ctx, 'sort', { short: 'nrk:t:ufhbo:V', long: { 'numeric-sort': 'n', reverse: 'r', 'key=': 'k', 'field-separator=': 't', unique: 'u', 'ignore-case': 'f', 'human-numeric-sort': 'h', 'ignore-leading-blanks': 'b', 'output=': 'o', 'version-sort': 'V' } });
  if (typeof opts === 'number') return opts;
  let text = '';
  for (const name of opts.operands.length ? opts.operands : ['-']) {
    let t: string;
    try {
      t = name === '-' ? ctx.stdin : ctx.host.fs.readFile(abs(ctx, name));
    } catch (e) {
      ctx.stderr(`sort: ${e instanceof FsError && e.code === 'EISDIR' ? 'read failed' : 'open failed'}: ${name}: ${errno(e)}\n`);
      return 2;
    }
    text += t.endsWith('\n') || t === '' ? t : t + '\n';
  }
  const sep = opts.value('t');
  const keySpec = opts.value('k');
  let keyFrom = 0;
  let keyTo = 0;
  if (keySpec !== undefined) {
    const m = /^(\d+)(?:\.\d+)?[a-zA-Z]*(?:,(\d+)(?:\.\d+)?[a-zA-Z]*)?$/.exec(keySpec);
    if (!m || m[1] === '0') {
      ctx.stderr(`sort: invalid number at field start: invalid count at start of ${q(keySpec)}\n`);
      return 2;
    }
    keyFrom = Number(m[1]);
    keyTo = m[2] ? Number(m[2]) : 0;
  }
  const key = (line: string): string => {
    if (!keyFrom) return line;
    const fields = sep !== undefined ? line.split(sep) : (line.match(/\s*\S+/g) ?? []);
    const chosen = fields.slice(keyFrom - 1, keyTo ? keyTo : undefined);
    return sep !== undefined ? chosen.join(sep) : chosen.join('');
  };
  const numeric = opts.has('n') || /n/.test(keySpec ?? '');
  const human = opts.has('h');
  const fold = opts.has('f');
  const compare = (a: string, b: string): number => {
    const ka = key(a);
    const kb = key(b);
    let r: number;
    if (numeric) r = (parseFloat(ka.trim()) || 0) - (parseFloat(kb.trim()) || 0);
    else if (human) r = humanValue(ka) - humanValue(kb);
    else r = collate(fold ? ka.toLowerCase() : ka, fold ? kb.toLowerCase() : kb);
    if (r === 0 && !opts.has('u')) r = collate(a, b);
    return opts.has('r') || /r/.test(keySpec ?? '') ? -r : r;
  };
  let sorted = lines(text).sort(compare);
  if (opts.has('u')) sorted = sorted.filter((l, i) => i === 0 || compare(sorted[i - 1] as string, l) !== 0);
  const out = sorted.map((l) => l + '\n').join('');
  const output = opts.value('o');
  if (output !== undefined) ctx.host.fs.writeFile(output.startsWith('/') ? output : `${ctx.cwd}/${output}`, out);
  else ctx.stdout(out);
  return 0;
};
