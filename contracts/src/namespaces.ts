/** socket.io namespaces, one per kind of peer. */
export const namespaces = {
  site: '/site',
  node: '/node',
  console: '/console',
  recorder: '/recorder',
} as const;
