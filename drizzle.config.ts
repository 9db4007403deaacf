import { defineConfig } from 'drizzle-kit';

// `npx drizzle-kit generate --name <what>` writes PostgreSQL migrations into db/migrations/; db/migrate.ts applies them at start (under an advisory lock).
export default defineConfig({
  dialect: 'postgresql',
  schema: './db/schema/index.ts',
  out: './db/migrations',
});
