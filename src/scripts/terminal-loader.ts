/**
 * Mounts the page's terminals lazily: xterm.js (and the lab) load only when a terminal comes into
 * view or is clicked, so a page's JavaScript before its first Run stays small.
 */
const mounted = new WeakSet<HTMLElement>();

function mount(el: HTMLElement): void {
  if (mounted.has(el)) return;
  mounted.add(el);
  import('./terminal.ts')
    .then((m) => m.mountTerminal(el))
    .catch((error: unknown) => console.error('podbook terminal:', error));
}

export function startTerminals(): void {
  const terminals = Array.from(document.querySelectorAll<HTMLElement>('.pb-terminal'));
  const observer =
    'IntersectionObserver' in window
      ? new IntersectionObserver((entries) => {
          for (const entry of entries) {
            if (!entry.isIntersecting) continue;
            observer?.unobserve(entry.target);
            mount(entry.target as HTMLElement);
          }
        })
      : undefined;
  for (const el of terminals) {
    el.querySelector('.pb-terminal-open')?.addEventListener('click', () => mount(el));
    el.addEventListener('focusin', () => mount(el), { once: true });
    if (observer) observer.observe(el);
    else mount(el);
  }
}
