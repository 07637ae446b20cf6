// Reports the empty page shown the way the portfolio reports itself
// (ui/src/views/Portfolio.svelte): after the frame holding it was painted.
requestAnimationFrame(() =>
  setTimeout(() => window.__TAURI_INTERNALS__.invoke('ui_ready', { req: { view: 'empty' } })),
);
