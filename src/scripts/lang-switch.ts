/**
 * Keeps the reader's section when they switch language. Starlight's picker changes only the path,
 * so the twin page gets this page's fragment, and the twin's headings have ids of their own
 * language (`#layers-and-copy-on-write` is `#镜像层与写时复制`). Twin chapters have the same
 * sections in the same order, so the page carries each locale's list of section headings
 * (src/components/LanguageSelect.astro): the n-th heading here is the n-th heading there.
 */

/** A section heading of a page: its level (2 or 3) and its id. */
export interface Section {
  depth: number;
  id: string;
}

/** What a page carries: its own locale and each locale's section headings, in page order. */
export interface SectionMap {
  locale: string;
  sections: Record<string, Section[]>;
}

/** A page's section headings (those its table of contents lists: levels `min` to `max`), in order. */
export function sectionsOf(headings: readonly { depth: number; slug: string }[], min = 2, max = 3): Section[] {
  return headings.filter((h) => h.depth >= min && h.depth <= max).map((h) => ({ depth: h.depth, id: h.slug }));
}

/** The id, on the twin page in locale `to`, of this page's section `id` (same place, same level). */
export function twinSection(map: SectionMap, to: string, id: string): string | undefined {
  const own = map.sections[map.locale] ?? [];
  const at = own.findIndex((s) => s.id === id);
  const twin = at < 0 ? undefined : map.sections[to]?.[at];
  return twin && twin.depth === own[at]?.depth ? twin.id : undefined;
}

/** Where a heading sits in the viewport (px from its top). */
export interface Placed {
  id: string;
  top: number;
}

/**
 * The section the reader is at: the heading the address names while it is on screen (a heading
 * followed from a link near the end of the page may never reach the top), otherwise the last
 * heading at or above `line` (just under the page's sticky header), none above the first heading.
 */
export function readingSection(headings: readonly Placed[], hash: string, line: number, viewport: number): string | undefined {
  const named = headings.find((h) => h.id === hash);
  if (named && named.top >= 0 && named.top < viewport) return named.id;
  let at: string | undefined;
  for (const h of headings) if (h.top <= line) at = h.id;
  return at;
}

/** The locale a path of the site is in (`/zh-cn/03-images/` → `zh-cn`), if it is one of `locales`. */
export function localeOfPathname(pathname: string, locales: readonly string[]): string | undefined {
  const first = pathname.split('/').find(Boolean);
  return first && locales.includes(first) ? first : undefined;
}

function sectionMap(): SectionMap | undefined {
  const data = document.querySelector('script.pb-sections')?.textContent;
  if (!data) return undefined;
  try {
    return JSON.parse(data) as SectionMap;
  } catch {
    return undefined;
  }
}

/** Bottom of what stays stuck at the top of the viewport (the header; on phones also the contents bar under it). */
function stuckBottom(): number {
  let bottom = 0;
  for (const el of document.querySelectorAll('header.header, mobile-starlight-toc nav')) {
    const box = el.getBoundingClientRect();
    if (box.height > 0) bottom = Math.max(bottom, box.bottom);
  }
  return bottom;
}

function currentSection(map: SectionMap): string | undefined {
  const placed: Placed[] = [];
  for (const s of map.sections[map.locale] ?? []) {
    const el = document.getElementById(s.id);
    if (el) placed.push({ id: s.id, top: el.getBoundingClientRect().top });
  }
  let hash = location.hash.slice(1);
  try {
    hash = decodeURIComponent(hash);
  } catch {
    // A malformed escape: compare the text as it is.
  }
  // A heading just under the header (as a followed link leaves it, with its scroll margin) counts.
  return readingSection(placed, hash, stuckBottom() + 64, innerHeight);
}

/**
 * Makes Starlight's language picker open the twin page at the reader's section. On a page that
 * carries its sections it listens before Starlight's own handler (capture on window), navigates
 * itself and keeps that handler from running.
 */
export function keepSectionOnLanguageSwitch(): void {
  window.addEventListener(
    'change',
    (event) => {
      const select = event.target;
      if (!(select instanceof HTMLSelectElement) || !select.closest('starlight-lang-select')) return;
      const map = sectionMap();
      if (!map) return;
      const to = localeOfPathname(select.value, Object.keys(map.sections));
      if (!to) return;
      const here = currentSection(map);
      const twin = here ? twinSection(map, to, here) : undefined;
      // Starlight's handler sets only the path, which keeps this page's fragment: an id of the
      // wrong language, or none at all. Above the first section the twin opens at its top.
      event.stopImmediatePropagation();
      location.href = twin ? `${select.value}#${encodeURIComponent(twin)}` : select.value;
    },
    { capture: true },
  );
}
