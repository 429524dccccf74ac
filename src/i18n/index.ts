/** Podbook's own UI strings, one JSON per locale (Starlight's locale keys: `en`, `zh-cn`). */
import en from './en.json' with { type: 'json' };
import zhCn from './zh-cn.json' with { type: 'json' };

export type UiKey = keyof typeof en;
export type UiStrings = Record<UiKey, string>;

const STRINGS: Record<string, UiStrings> = { en, 'zh-cn': zhCn };

export const LOCALES = Object.keys(STRINGS);

/** The BCP 47 tag of each locale, for `lang` attributes (as astro.config.mjs gives Starlight). */
export const LANG_TAGS: Record<string, string> = { en: 'en', 'zh-cn': 'zh-CN' };

/** Strings of a locale (unknown or missing locales read English). */
export function uiStrings(locale: string | undefined): UiStrings {
  return STRINGS[(locale ?? 'en').toLowerCase()] ?? en;
}

/** Fills `{name}` placeholders. */
export function fill(template: string, params: Record<string, string | number> = {}): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

/** Locale of a chapter file from its path (`content/zh-cn/...`). */
export function localeOfPath(path: string | undefined): string {
  const m = /(?:^|[\\/])content[\\/]([a-z]{2}(?:-[a-z]{2})?)[\\/]/i.exec(path ?? '');
  return m ? (m[1] as string).toLowerCase() : 'en';
}
