import { defineConfig } from 'drizzle-kit';

// `npx drizzle-kit generate` writes SQL migrations into db/migrations/; they are applied at start by db/client.ts.
export default defineConfig({
  dialect: 'sqlite',
  schema: './db/schema/index.ts',
  out: './db/migrations',
});
