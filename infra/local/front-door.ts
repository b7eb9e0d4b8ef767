import net from 'node:net';

/**
 * A TCP front door over several control-plane replicas, as a load balancer or a Kubernetes
 * Service is in production: each connection goes to a replica that accepts it. `first-alive`
 * sends everything to the first replica still accepting (an active/passive pair: tests pin
 * browsers on one replica and see them fail over when it dies); `round-robin` spreads them.
 * WebSockets are plain TCP connections to it, so no HTTP awareness is needed.
 */
export interface FrontDoor {
  url: string;
  close(): Promise<void>;
}

export async function startFrontDoor(backends: readonly string[], pick: 'first-alive' | 'round-robin' = 'round-robin'): Promise<FrontDoor> {
  const targets = backends.map((u) => new URL(u)).map((u) => ({ host: u.hostname, port: Number(u.port) }));
  const open = new Set<net.Socket>();
  let next = 0;

  /** Connects to the first target that accepts, trying each once from `start`. */
  const reach = (start: number): Promise<net.Socket | null> =>
    new Promise((resolve) => {
      const attempt = (tried: number) => {
        if (tried === targets.length) return resolve(null);
        const target = targets[(start + tried) % targets.length]!;
        const upstream = net.connect(target);
        upstream.once('connect', () => {
          upstream.removeAllListeners('error');
          resolve(upstream);
        });
        upstream.once('error', () => attempt(tried + 1));
      };
      attempt(0);
    });

  const server = net.createServer((client) => {
    client.pause();
    open.add(client);
    client.once('close', () => open.delete(client));
    client.on('error', () => client.destroy());
    const start = pick === 'round-robin' ? next++ % targets.length : 0;
    void reach(start).then((upstream) => {
      if (!upstream || client.destroyed) {
        upstream?.destroy();
        client.destroy();
        return;
      }
      open.add(upstream);
      upstream.once('close', () => {
        open.delete(upstream);
        client.destroy();
      });
      upstream.on('error', () => upstream.destroy());
      client.once('close', () => upstream.destroy());
      client.pipe(upstream);
      upstream.pipe(client);
      client.resume();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as net.AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise((resolve) => {
        for (const socket of open) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
