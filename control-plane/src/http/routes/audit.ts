import type { Database } from '../../db/database.js';
import { listAudit } from '../../domain/audit.js';
import type { Mount } from '../endpoint.js';

export function mountAuditRoutes(mount: Mount, { db }: { db: Database }) {
  mount('audit.list', async (call) => listAudit(db.prisma, await call.listRoot(call.query.under), call.query));
}
