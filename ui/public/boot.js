// Start-up: asks for the app's state and the portfolio before the app's code
// has loaded (a classic script runs before the module), so both answers are on
// their way while the bundle loads; ui/src/lib/boot.ts hands them to the app.
(() => {
  // Each answer is also kept as it arrives: the app renders it in its first
  // frame when it came before the app's code ran.
  const answers = {};
  const ask = (cmd) => {
    const p = window.__TAURI_INTERNALS__.invoke(cmd, { req: {} });
    p.then(
      (v) => (answers[cmd] = v),
      () => {}, // an error (no workspace yet) reaches whoever takes the promise
    );
    return p;
  };
  window.__steercoBoot = { app_state: ask('app_state'), initiative_list: ask('initiative_list'), answers };
})();
