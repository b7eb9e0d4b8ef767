// Prisma CLI configuration. Prisma 7 no longer reads the connection URL from schema.prisma;
// `prisma migrate deploy` (where the native engine exists) takes it from DATABASE_URL here.
import { defineConfig } from 'prisma/config';

export default defineConfig({
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations' },
  ...(process.env.DATABASE_URL ? { datasource: { url: process.env.DATABASE_URL } } : {}),
});
