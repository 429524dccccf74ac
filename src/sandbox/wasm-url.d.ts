// Vite turns a `?url` import into the URL of the emitted asset (the page's build copies the file).
declare module '@jitl/quickjs-wasmfile-release-sync/wasm?url' {
  const url: string;
  export default url;
}
