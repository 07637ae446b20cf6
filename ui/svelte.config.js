import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

/** @type {import('@sveltejs/vite-plugin-svelte').SvelteConfig} */
export default {
  preprocess: vitePreprocess(),
  compilerOptions: {
    // Component <style> goes into the emitted .css file, never injected at
    // runtime: the app ships with a CSP of style-src 'self'.
    css: 'external',
  },
};
