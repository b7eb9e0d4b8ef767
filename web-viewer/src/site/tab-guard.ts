/**
 * One endpoint per site and browser. The control plane lets a site's newest session take over
 * and disconnects the older one; without this guard two tabs of the same join link (an operator
 * clicking "Mở điểm cầu" twice) would keep reconnecting and taking the site from each other.
 * A tab that starts a session announces it; older tabs of the same link stop and say why.
 */
export class TabGuard {
  private readonly channel: BroadcastChannel | null;
  private readonly tabId = `${Date.now()}-${Math.random().toString(36).slice(2)}`;

  constructor(
    private readonly link: string,
    onTakenOver: () => void,
  ) {
    this.channel = typeof BroadcastChannel === 'function' ? new BroadcastChannel('lienthong.site-endpoint') : null;
    if (this.channel) {
      this.channel.onmessage = (event: MessageEvent<unknown>) => {
        const data = event.data as { link?: unknown; tabId?: unknown } | null;
        if (data?.link === this.link && data.tabId !== this.tabId) onTakenOver();
      };
    }
  }

  /** This tab is (re)starting the site's session: older tabs of the same link must stop. */
  claim(): void {
    this.channel?.postMessage({ link: this.link, tabId: this.tabId });
  }

  close(): void {
    this.channel?.close();
  }
}
