// A child process holding a share of the simulated sites (see simulated-site.ts), so the
// client side is spread over several processes and cores. Driven by the bench over IPC.
import { healthHeartbeatMs } from '@lienthong/contracts';
import { TokenService } from '../../src/auth/tokens.js';
import { clientSetupSchema, parentCommandSchema, type ChildMessage } from './client-messages.js';
import { SimulatedSite, type SiteOutcome, type SiteTally } from './simulated-site.js';

const TOKEN_TTL_S = 6 * 3600;

const setup = clientSetupSchema.parse(JSON.parse(process.env.BENCH_CLIENT_SETUP ?? 'null'));
const send = (message: ChildMessage) => process.send!(message);
const tokens = new TokenService(setup.authSecret);
const tally: SiteTally = { healthReports: 0, busyRefusals: 0, sessionEnded: {}, drops: 0 };
const sites: SimulatedSite[] = [];
/** Shared by this child's sites: the parent switches it between the steady phases. */
const pace = { heartbeatMs: healthHeartbeatMs };

async function start(site: (typeof setup.sites)[number]): Promise<SiteOutcome> {
  const token = await tokens.signSite({ sub: site.id, conf: setup.conferenceId }, TOKEN_TTL_S);
  const simulated = new SimulatedSite({
    url: setup.urls[site.index % setup.urls.length]!,
    token,
    siteId: site.id,
    hall: site.hall,
    requestTimeoutMs: setup.requestTimeoutMs,
    joinPath: setup.joinPath,
    tally,
    pace,
  });
  sites.push(simulated);
  return simulated.run();
}

process.on('message', (raw) => {
  const command = parentCommandSchema.parse(raw);
  switch (command.type) {
    case 'hall': {
      const hall = setup.sites.find((s) => s.hall);
      if (!hall) throw new Error('this client has no hall');
      void start(hall).then((outcome) => send({ type: 'hall', outcome }));
      break;
    }
    case 'go': {
      const arrivals = setup.sites
        .filter((s) => !s.hall)
        .map(
          (site) =>
            new Promise<SiteOutcome>((resolve) => {
              const at = command.startAt + site.index * command.spacingMs;
              setTimeout(() => resolve(start(site)), Math.max(0, at - Date.now()));
            }),
        );
      void Promise.all(arrivals).then((outcomes) => send({ type: 'settled', outcomes }));
      break;
    }
    case 'heartbeat':
      pace.heartbeatMs = command.ms;
      break;
    case 'tally':
      send({ type: 'tally', ...tally });
      break;
    case 'stop':
      for (const site of sites) site.close();
      setTimeout(() => process.exit(0), 200);
      break;
  }
});
send({ type: 'ready' });
