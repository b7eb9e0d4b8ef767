/** The single entry point of lienthong's wire contracts. */
export * from './errors.js';
export * from './media.js';
export * from './rpc.js';
export * from './tokens.js';
export * from './namespaces.js';
export * from './node-control.js';
export * from './site-signaling.js';
export * from './api.js';
export * from './env.js';
export * from './jobs.js';
