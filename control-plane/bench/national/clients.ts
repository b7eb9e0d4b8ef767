// The site-client child processes: spawned with their share of the sites, asked over IPC.
import { fork, type ChildProcess } from 'node:child_process';
import { childMessageSchema, type ChildMessage, type ClientSetup, type Outcome, type ParentCommand } from './client-messages.js';

type Of<T extends ChildMessage['type']> = Extract<ChildMessage, { type: T }>;

export class SiteClients {
  private constructor(private readonly children: ChildProcess[]) {}

  /** Sites are dealt round-robin (index order), so every child gets early and late arrivals alike. */
  static async start(count: number, setup: Omit<ClientSetup, 'sites'>, sites: ClientSetup['sites']): Promise<SiteClients> {
    const shares: ClientSetup['sites'][] = Array.from({ length: count }, () => []);
    for (const site of sites) shares[site.index % count]!.push(site);
    const children = shares.map((share) =>
      fork(new URL('./site-client-child.ts', import.meta.url).pathname, [], {
        execArgv: ['--import', 'tsx'],
        env: { ...process.env, BENCH_CLIENT_SETUP: JSON.stringify({ ...setup, sites: share }) },
        stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
      }),
    );
    const clients = new SiteClients(children);
    await Promise.all(children.map((c) => clients.next(c, 'ready')));
    return clients;
  }

  get pids(): number[] {
    return this.children.map((c) => c.pid!);
  }

  /** The hall joins first (it is in the first child: index 0). */
  async joinHall(): Promise<Outcome> {
    const answer = this.next(this.children[0]!, 'hall');
    this.send(this.children[0]!, { type: 'hall' });
    return (await answer).outcome;
  }

  /** Lets every site arrive; resolves when each has joined or given up. */
  async arrive(startAt: number, spacingMs: number): Promise<Outcome[]> {
    const settled = this.children.map((c) => this.next(c, 'settled'));
    for (const c of this.children) this.send(c, { type: 'go', startAt, spacingMs });
    return (await Promise.all(settled)).flatMap((m) => m.outcomes);
  }

  /** Every site's steady heartbeat from now on. */
  heartbeat(ms: number): void {
    for (const c of this.children) this.send(c, { type: 'heartbeat', ms });
  }

  async tally(): Promise<{ healthReports: number; busyRefusals: number; sessionEnded: Record<string, number>; drops: number }> {
    const answers = await Promise.all(
      this.children.map((c) => {
        const answer = this.next(c, 'tally');
        this.send(c, { type: 'tally' });
        return answer;
      }),
    );
    const sessionEnded: Record<string, number> = {};
    for (const a of answers) for (const [reason, n] of Object.entries(a.sessionEnded)) sessionEnded[reason] = (sessionEnded[reason] ?? 0) + n;
    return {
      healthReports: answers.reduce((s, a) => s + a.healthReports, 0),
      busyRefusals: answers.reduce((s, a) => s + a.busyRefusals, 0),
      sessionEnded,
      drops: answers.reduce((s, a) => s + a.drops, 0),
    };
  }

  async stop(): Promise<void> {
    await Promise.all(
      this.children.map(async (c) => {
        if (c.exitCode !== null || c.signalCode !== null) return;
        const exited = new Promise((r) => c.once('exit', r));
        if (c.connected) this.send(c, { type: 'stop' });
        const timer = setTimeout(() => c.kill('SIGKILL'), 10_000);
        await exited;
        clearTimeout(timer);
      }),
    );
  }

  private send(child: ChildProcess, command: ParentCommand): void {
    child.send(command);
  }

  private next<T extends ChildMessage['type']>(child: ChildProcess, type: T): Promise<Of<T>> {
    return new Promise((resolve, reject) => {
      const onMessage = (raw: unknown) => {
        const message = childMessageSchema.parse(raw);
        if (message.type !== type) return;
        child.off('message', onMessage);
        child.off('exit', onExit);
        resolve(message as Of<T>);
      };
      const onExit = (code: number | null) => reject(new Error(`a site client exited (${code}) before '${type}'`));
      child.on('message', onMessage);
      child.once('exit', onExit);
    });
  }
}
