export * from './types.js';
export * from './deploy.js';
export * from './resources.js';
export type * from './context.js';
export { definePlugin } from './define-plugin.js';
