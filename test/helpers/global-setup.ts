/**
 * Runs once before the tests of a jest project: builds the migrated database templates the tests
 * start from (embedded: a PGlite data directory as a tar under .cache/test-db/; server, when
 * TEST_DATABASE_URL is set: a template database), so that parallel test files do not all build them.
 */
import { embeddedTemplate, serverTemplate } from './store';

export default async function globalSetup(): Promise<void> {
  await embeddedTemplate();
  if (process.env.TEST_DATABASE_URL) await serverTemplate();
}
