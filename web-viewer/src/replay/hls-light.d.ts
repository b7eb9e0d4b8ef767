// hls.js ships its light build (no subtitles, alternate audio or DRM: a recording needs none of
// them, and it is ~200 kB smaller) without its own declaration; its API is the full build's.
declare module 'hls.js/light' {
  export * from 'hls.js';
  export { default } from 'hls.js';
}
