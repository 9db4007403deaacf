/** Every schema module of the hub; drizzle-kit and the client read the schema from here. One export line per module. */
export * from './documents';
export * from './accounts';
export * from './directory';
export * from './dispatch';
export * from './portal';
export * from './console';
export * from './mls';
export * from './outbox';
export * from './blobs';
export * from './responses';
export * from './reporting';
