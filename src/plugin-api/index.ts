export * from './types.js';
export { definePlugin } from './define-plugin.js';
