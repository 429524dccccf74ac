/**
 * Command-line flags the way the docker CLI's parser (cobra + pflag) reads them: `--name x`,
 * `--name=x`, `-d`, grouped shorts `-itd`, `-p8080:80`, `--`; for `run`-like commands parsing
 * stops at the first positional (the image), so the container's own arguments pass through.
 * Errors carry pflag's wording; the caller adds the usage block.
 */
export type FlagType = 'bool' | 'string' | 'list' | 'int' | 'bytes' | 'duration' | 'float';

export interface FlagSpec {
  long: string;
  short?: string;
  type: FlagType;
  /** Shown in errors like `invalid argument "x" for "-m, --memory" flag`. */
  hidden?: boolean;
  /**
   * A flag of the real client whose effect Podbook does not model: given (with a value the test
   * says changes anything, when there is one), the command says so (command.ts).
   */
  unsimulated?: true | ((value: string) => boolean);
}

export type FlagValue = boolean | string | string[] | number;

export interface ParsedArgs {
  flags: Record<string, FlagValue>;
  /** Flags the user actually gave. */
  given: Set<string>;
  args: string[];
  help: boolean;
}

export class FlagError extends Error {}

const SIZE_UNITS: Record<string, number> = { '': 1, b: 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3, t: 1024 ** 4, p: 1024 ** 5 };

/** go-units RAMInBytes: `400m`, `1g`, `512k`, `1.5g`; errors worded as go-units words them. */
export function parseBytes(text: string): number | string {
  const m = /^(\d+(?:\.\d+)?)\s*([a-zA-Z]*)$/.exec(text);
  if (!m) return `invalid size: '${text}'`;
  let unit = (m[2] as string).toLowerCase();
  if (unit.length === 2 && unit.endsWith('b')) unit = unit[0] as string;
  if (unit.length === 3 && unit.endsWith('ib')) unit = unit[0] as string;
  const mult = SIZE_UNITS[unit];
  if (mult === undefined) return `invalid suffix: '${(m[2] as string).toLowerCase()}'`;
  return Math.floor(Number(m[1]) * mult);
}

function flagLabel(spec: FlagSpec): string {
  return spec.short ? `-${spec.short}, --${spec.long}` : `--${spec.long}`;
}

function defaults(specs: FlagSpec[]): Record<string, FlagValue> {
  const out: Record<string, FlagValue> = {};
  for (const s of specs) out[s.long] = s.type === 'bool' ? false : s.type === 'list' ? [] : s.type === 'int' || s.type === 'bytes' || s.type === 'float' ? 0 : '';
  return out;
}

function setValue(out: ParsedArgs, spec: FlagSpec, raw: string): void {
  const label = flagLabel(spec);
  switch (spec.type) {
    case 'bool': {
      const v = raw.toLowerCase();
      if (!['1', 't', 'true', '0', 'f', 'false'].includes(v)) throw new FlagError(`invalid argument "${raw}" for "${label}" flag: strconv.ParseBool: parsing "${raw}": invalid syntax`);
      out.flags[spec.long] = v === '1' || v === 't' || v === 'true';
      break;
    }
    case 'list':
      (out.flags[spec.long] as string[]).push(raw);
      break;
    case 'int':
      if (!/^-?\d+$/.test(raw)) throw new FlagError(`invalid argument "${raw}" for "${label}" flag: strconv.ParseInt: parsing "${raw}": invalid syntax`);
      out.flags[spec.long] = Number(raw);
      break;
    case 'float':
      if (!/^-?\d+(\.\d+)?$/.test(raw)) throw new FlagError(`invalid argument "${raw}" for "${label}" flag: strconv.ParseFloat: parsing "${raw}": invalid syntax`);
      out.flags[spec.long] = Number(raw);
      break;
    case 'bytes': {
      const n = parseBytes(raw);
      if (typeof n === 'string') throw new FlagError(`invalid argument "${raw}" for "${label}" flag: ${n}`);
      out.flags[spec.long] = n;
      break;
    }
    default:
      out.flags[spec.long] = raw;
  }
  out.given.add(spec.long);
}

/** Parses argv (after the command words). `interspersed: false` stops at the first positional. */
export function parseFlags(argv: string[], specs: FlagSpec[], interspersed = true): ParsedArgs {
  const out: ParsedArgs = { flags: defaults(specs), given: new Set(), args: [], help: false };
  const byLong = new Map(specs.map((s) => [s.long, s]));
  const byShort = new Map(specs.filter((s) => s.short).map((s) => [s.short as string, s]));
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === '--') {
      out.args.push(...argv.slice(i + 1));
      break;
    }
    if (arg.startsWith('--') && arg.length > 2) {
      const eq = arg.indexOf('=');
      const name = eq >= 0 ? arg.slice(2, eq) : arg.slice(2);
      if (name === 'help') {
        out.help = true;
        continue;
      }
      const spec = byLong.get(name);
      if (!spec) throw new FlagError(`unknown flag: --${name}`);
      if (eq >= 0) setValue(out, spec, arg.slice(eq + 1));
      else if (spec.type === 'bool') setValue(out, spec, 'true');
      else {
        if (i + 1 >= argv.length) throw new FlagError(`flag needs an argument: --${name}`);
        setValue(out, spec, argv[++i] as string);
      }
      continue;
    }
    if (arg.startsWith('-') && arg.length > 1) {
      for (let j = 1; j < arg.length; j++) {
        const ch = arg[j] as string;
        if (ch === 'h' && !byShort.has('h')) {
          out.help = true;
          continue;
        }
        const spec = byShort.get(ch);
        if (!spec) throw new FlagError(`unknown shorthand flag: '${ch}' in ${arg}`);
        if (spec.type === 'bool') {
          if (arg[j + 1] === '=') {
            setValue(out, spec, arg.slice(j + 2));
            break;
          }
          setValue(out, spec, 'true');
          continue;
        }
        const rest = arg.slice(j + 1).replace(/^=/, '');
        if (rest !== '') setValue(out, spec, rest);
        else {
          if (i + 1 >= argv.length) throw new FlagError(`flag needs an argument: '${ch}' in -${ch}`);
          setValue(out, spec, argv[++i] as string);
        }
        break;
      }
      continue;
    }
    out.args.push(arg);
    if (!interspersed) {
      out.args.push(...argv.slice(i + 1));
      break;
    }
  }
  return out;
}
