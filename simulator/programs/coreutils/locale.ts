/**
 * The quotes GNU tools put around names in messages. gnulib's quotearg asks the message catalogue
 * first (English has none) and then looks at the character set of LC_CTYPE: a UTF-8 locale gets
 * ‘name’, any other (the C locale a container starts in, with no LANG) gets 'name'.
 */

/** True when the environment's LC_CTYPE (LC_ALL, then LC_CTYPE, then LANG) is a UTF-8 locale. */
export function utf8Locale(env: Record<string, string>): boolean {
  const ctype = env['LC_ALL'] || env['LC_CTYPE'] || env['LANG'] || 'C';
  return /\.utf-?8(@|$)/i.test(ctype);
}

/** The quoting function for an environment. */
export function quoteFor(env: Record<string, string>): (name: string) => string {
  return utf8Locale(env) ? (name) => `‘${name}’` : (name) => `'${name}'`;
}

/**
 * The quoting of the program running now. Programs run synchronously one inside another (xargs,
 * env, sudo start others), so the current environment is a stack kept by `withLocale`.
 */
let current: (name: string) => string = quoteFor({ LANG: 'en_US.UTF-8' });

/** Runs `fn` with names quoted for `env`, restoring the caller's quoting afterwards. */
export function withLocale<T>(env: Record<string, string>, fn: () => T): T {
  const saved = current;
  current = quoteFor(env);
  try {
    return fn();
  } finally {
    current = saved;
  }
}

/** Quotes a name for the running program's locale. */
export function quote(name: string): string {
  return current(name);
}
