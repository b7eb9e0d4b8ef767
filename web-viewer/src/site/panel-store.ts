/**
 * The store behind one of the site page's panels (votes, opinions) for `useSyncExternalStore`:
 * a snapshot replaced whole on every change, and the components listening to it.
 */
export class PanelStore<S> {
  private readonly listeners = new Set<() => void>();

  constructor(private snapshot: S) {}

  subscribe = (listener: () => void) => {
    this.listeners.add(listener);
    return () => void this.listeners.delete(listener);
  };
  getSnapshot = () => this.snapshot;

  protected set(snapshot: S): void {
    this.snapshot = snapshot;
    this.listeners.forEach((l) => l());
  }

  /** Replaces the snapshot with what the server answers; a failure is logged (the next reconnection asks again). */
  protected async load(ask: () => Promise<S>, what: string): Promise<void> {
    try {
      this.set(await ask());
    } catch (err) {
      console.warn(`lienthong: could not load ${what}`, err);
    }
  }
}
