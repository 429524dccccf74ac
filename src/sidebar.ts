/**
 * The sidebar, read from the chapters themselves (build time only): every `content/en/NN-topic/`
 * folder is a chapter, ordered by its number prefix, in the Kubernetes group when its frontmatter
 * names a Kubernetes lab and in the Docker group otherwise. A new chapter needs no config change.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface SidebarGroup {
  label: string;
  translations: Record<string, string>;
  items: { slug: string }[];
}

const GROUPS = [
  { label: 'Docker', translations: { 'zh-CN': 'Docker' } },
  { label: 'Kubernetes', translations: { 'zh-CN': 'Kubernetes' } },
] as const;

/** The lab a chapter names in its frontmatter, if any. */
function chapterLab(file: string): string | undefined {
  const frontmatter = /^---\r?\n([\s\S]*?)\r?\n---/.exec(readFileSync(file, 'utf8'))?.[1] ?? '';
  return /^lab:\s*['"]?([\w-]+)/m.exec(frontmatter)?.[1];
}

export function chapterSidebar(contentDir: string, locale = 'en'): SidebarGroup[] {
  const dir = join(contentDir, locale);
  const chapters = readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && /^\d+-/.test(d.name))
    .map((d) => d.name)
    .filter((name) => existsSync(join(dir, name, 'index.mdx')))
    .sort((a, b) => Number.parseInt(a, 10) - Number.parseInt(b, 10) || (a < b ? -1 : a > b ? 1 : 0));
  const groups: SidebarGroup[] = GROUPS.map((g) => ({ label: g.label, translations: { ...g.translations }, items: [] }));
  for (const name of chapters) {
    const kube = (chapterLab(join(dir, name, 'index.mdx')) ?? '').startsWith('k8s');
    (groups[kube ? 1 : 0] as SidebarGroup).items.push({ slug: name });
  }
  return groups.filter((g) => g.items.length > 0);
}
