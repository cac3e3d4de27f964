export * from './types.js';
export type * from './context.js';
export { definePlugin } from './define-plugin.js';
