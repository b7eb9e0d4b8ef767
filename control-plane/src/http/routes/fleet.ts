import { Router } from 'express';
import type { NodeRegistry } from '../../fleet/node-registry.js';

export function fleetRouter(fleet: NodeRegistry) {
  const router = Router();
  router.get('/nodes', (_req, res) => {
    res.json({ items: fleet.list().map((n) => n.toWire()) });
  });
  return router;
}
