import { describe, expect, it } from 'vitest';
import en from '../../src/i18n/en.json' with { type: 'json' };
import zhCn from '../../src/i18n/zh-cn.json' with { type: 'json' };
import { fill, localeOfPath, uiStrings } from '../../src/i18n/index.ts';
import { MESSAGES } from '../../src/sandbox/protocol.ts';

describe('UI strings', () => {
  it('has the same keys in every locale, none empty', () => {
    expect(Object.keys(zhCn).sort()).toEqual(Object.keys(en).sort());
    for (const strings of [en, zhCn]) expect(Object.values(strings).every((v) => v.trim() !== '')).toBe(true);
  });

  it('translates every sandbox message with the same placeholders', () => {
    for (const [key, english] of Object.entries(MESSAGES)) {
      expect(en[key as keyof typeof en]).toBe(english);
      const params = (s: string) => (s.match(/\{\w+\}/g) ?? []).sort();
      expect(params(zhCn[key as keyof typeof zhCn])).toEqual(params(english));
    }
  });

  it('picks the locale of a chapter from its path, English otherwise', () => {
    expect(localeOfPath('/repo/content/zh-cn/02-docker-basics/index.mdx')).toBe('zh-cn');
    expect(localeOfPath('/repo/content/en/02-docker-basics/index.mdx')).toBe('en');
    expect(localeOfPath(undefined)).toBe('en');
    expect(uiStrings('zh-CN')['cell.run']).toBe('运行');
    expect(uiStrings('fr')['cell.run']).toBe('Run');
  });

  it('fills placeholders and leaves unknown ones', () => {
    expect(fill('ran longer than {seconds} s ({x})', { seconds: 2 })).toBe('ran longer than 2 s ({x})');
  });
});
