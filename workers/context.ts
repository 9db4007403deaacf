/** Builds the dependencies a stage needs (database, file store, logger, clock) for a data directory. */
import pino, { type Logger } from 'pino';
import { openDatabase, type Database } from '../db/client';
import { FileStore } from '../db/file-store';
import type { StageDeps } from './stage-contract';

export function createLogger(level: string, base: Record<string, unknown> = {}): Logger {
  return pino({ level, base: { pid: process.pid, ...base } });
}

export function createStageDeps(dataDir: string, logger: Logger, db?: Database): StageDeps {
  return { db: db ?? openDatabase(dataDir), files: new FileStore(dataDir), dataDir, logger, clock: () => new Date() };
}
