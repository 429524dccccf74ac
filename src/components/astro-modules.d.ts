// Plain `tsc` does not read .astro files (`astro check` does, with their real props); this lets it
// type-check the component barrel.
declare module '*.astro' {
  const Component: (props: Record<string, unknown>) => unknown;
  export default Component;
}
