/**
 * Every setting the hub reads from its environment, in one place, with its default.
 * This module imports nothing of the project, so every layer may use it.
 */
import path from 'node:path';

const projectRoot = path.resolve(__dirname, '..');

function env(name: string): string | undefined {
  const v = process.env[name];
  return v === undefined || v === '' ? undefined : v;
}

function intEnv(name: string, fallback: number): number {
  const raw = env(name);
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0) throw new Error(`${name} must be a non-negative integer, got "${raw}"`);
  return n;
}

export const config = {
  projectRoot,
  /** Official Schematron rule files (read-only, never copied into the repository). */
  get rulesDir(): string { return path.resolve(env('EINVOICE_RULES_DIR') ?? path.join(projectRoot, '..', 'shared', 'rules')); },
  /** Official XML Schemas (UBL 2.1, CII D16B). */
  get xsdDir(): string { return path.resolve(env('EINVOICE_XSD_DIR') ?? path.join(projectRoot, '..', 'shared', 'xsd')); },
  /** Compiled rule artefacts (XSLT, SEF), cached by content hash; git-ignored. */
  get cacheDir(): string { return path.resolve(env('EINVOICE_CACHE_DIR') ?? path.join(projectRoot, '.cache', 'rules')); },
  /** Embedded mode: the PGlite database (`pg/`) and the content-addressed files (`files/`). */
  get dataDir(): string { return path.resolve(env('EINVOICE_DATA_DIR') ?? path.join(process.cwd(), 'var')); },
  /** A PostgreSQL server (`postgres://user:password@host:5432/db`): server mode, rows and blobs in it; unset: embedded PGlite. */
  get databaseUrl(): string | undefined { return env('DATABASE_URL'); },
  /** Connections of a process's pool to the PostgreSQL server. */
  get dbPoolSize(): number { return intEnv('EINVOICE_DB_POOL_SIZE', 10); },
  get redisUrl(): string { return env('REDIS_URL') ?? 'redis://127.0.0.1:6379'; },
  get port(): number { return intEnv('PORT', 8080); },
  get adminToken(): string | undefined { return env('EINVOICE_ADMIN_TOKEN'); },
  /** Largest document accepted, in bytes (enforced while streaming). */
  get maxDocumentBytes(): number { return intEnv('EINVOICE_MAX_DOCUMENT_BYTES', 50 * 1024 * 1024); },
  /** Invoice lines laid out in the standardised PDF; further lines are summarised by a notice (they stay in the XML). */
  get pdfMaxLines(): number { return intEnv('EINVOICE_PDF_MAX_LINES', 10_000); },
  /** A validation worker collects garbage right after a document of at least this many bytes (0: never; validation/memory.ts). */
  get gcAfterBytes(): number { return intEnv('EINVOICE_GC_AFTER_BYTES', 2 * 1024 * 1024); },
  /** Schematron engine: `compiled` (default: the rules compiled to JavaScript) or `saxon` (the reference: saxon-js on SEF). */
  get engine(): string { return env('EINVOICE_ENGINE') ?? 'compiled'; },
  /** Load the fixture directory (≈845 Luxembourg bodies) into an empty directory at start (`false` for a production directory loaded by CSV import). */
  get seedDirectory(): boolean { return env('EINVOICE_SEED_DIRECTORY') !== 'false'; },
  /** Use a Peppol release from its publication date instead of its mandatory date. */
  get rulesEarlyAdoption(): boolean { return env('EINVOICE_RULES_EARLY_ADOPTION') === 'true'; },
  /** Milliseconds a single Schematron phase may take before it is reported as failed (fail closed). */
  get validationTimeoutMs(): number { return intEnv('EINVOICE_VALIDATION_TIMEOUT_MS', 600_000); },
  /**
   * A process re-reads the directory's version (one query) at most this often (ms) when it resolves
   * bodies; a change written by this process is seen at once, one written by another process or host
   * within this delay. 0: at every lookup.
   */
  get directoryRecheckMs(): number { return intEnv('EINVOICE_DIRECTORY_RECHECK_MS', 1_000); },
  // --- pipeline ---
  /** BullMQ key prefix (several hubs or test runs may share one Redis). */
  get queuePrefix(): string { return env('EINVOICE_QUEUE_PREFIX') ?? 'einvoice'; },
  /** Concurrent validate jobs per worker process (each runs in its own worker thread). */
  get validateConcurrency(): number { return intEnv('EINVOICE_VALIDATE_CONCURRENCY', 2); },
  /** Concurrent jobs per worker process for the route, render and dispatch stages. */
  get stageConcurrency(): number { return intEnv('EINVOICE_STAGE_CONCURRENCY', 4); },
  /** Attempts per stage job before the document goes to its failure state (transient errors). */
  get jobAttempts(): number { return intEnv('EINVOICE_JOB_ATTEMPTS', 5); },
  /** First retry delay in ms (exponential backoff: doubled at each attempt). */
  get jobBackoffMs(): number { return intEnv('EINVOICE_JOB_BACKOFF_MS', 2_000); },
  /** How often the reconciler looks for documents stuck in a non-terminal state (ms). */
  get reconcileIntervalMs(): number { return intEnv('EINVOICE_RECONCILE_INTERVAL_MS', 60_000); },
  /** A document untouched for this long in a stage's input state is re-enqueued (ms). */
  get reconcileAfterMs(): number { return intEnv('EINVOICE_RECONCILE_AFTER_MS', 120_000); },
  /** Identical bytes from the same sender within this window are the same submission (seconds). */
  get dedupWindowSeconds(): number { return intEnv('EINVOICE_DEDUP_WINDOW_SECONDS', 86_400); },
  /** pino log level (`fatal`…`trace`, `silent`). */
  get logLevel(): string { return env('EINVOICE_LOG_LEVEL') ?? 'info'; },
  /** Port of the /metrics endpoint of a worker-only process (`npm run start:worker`); 0 = none. */
  get workerMetricsPort(): number { return intEnv('EINVOICE_WORKER_METRICS_PORT', 9464); },
  /** Grace period for in-flight jobs and requests at shutdown (ms). */
  get shutdownTimeoutMs(): number { return intEnv('EINVOICE_SHUTDOWN_TIMEOUT_MS', 30_000); },
  /** Job lock of a stage job (ms): a worker that dies is detected after about this long and its job is run again. */
  get jobLockMs(): number { return intEnv('EINVOICE_JOB_LOCK_MS', 30_000); },
  // --- supplier portal / web pages ---
  /** Secret of the web forms' CSRF tokens; unset: a random secret per process (set it when several API processes serve the pages). */
  get webSecret(): string | undefined { return env('EINVOICE_WEB_SECRET'); },
  /** Portal requests per minute per client address (0 = no limit). */
  get portalRateLimit(): number { return intEnv('EINVOICE_PORTAL_RATE_LIMIT', 300); },
  /** Portal form posts (uploads, checks, sends) per minute per client address (0 = no limit). */
  get portalPostRateLimit(): number { return intEnv('EINVOICE_PORTAL_POST_RATE_LIMIT', 60); },
  /** Largest attachment of the manual-entry form, in bytes. */
  get portalMaxAttachmentBytes(): number { return intEnv('EINVOICE_PORTAL_MAX_ATTACHMENT_BYTES', 10 * 1024 * 1024); },
  /** Most attachments on one invoice of the manual-entry form. */
  get portalMaxAttachments(): number { return intEnv('EINVOICE_PORTAL_MAX_ATTACHMENTS', 10); },
  /** Days a draft or a checked upload is kept after its last change. */
  get portalDraftDays(): number { return intEnv('EINVOICE_PORTAL_DRAFT_DAYS', 30); },
  // --- dispatch ---
  /** Base URL of the hub as bodies reach it (links in webhook events and alert mails). */
  get publicUrl(): string { return (env('EINVOICE_PUBLIC_URL') ?? `http://localhost:${intEnv('PORT', 8080)}`).replace(/\/+$/, ''); },
  /** A webhook attempt without a response after this long counts as a timeout (ms). */
  get webhookTimeoutMs(): number { return intEnv('EINVOICE_WEBHOOK_TIMEOUT_MS', 10_000); },
  /** First webhook retry delay (ms); doubled at each attempt up to EINVOICE_WEBHOOK_MAX_BACKOFF_MS. */
  get webhookBackoffMs(): number { return intEnv('EINVOICE_WEBHOOK_BACKOFF_MS', 30_000); },
  get webhookMaxBackoffMs(): number { return intEnv('EINVOICE_WEBHOOK_MAX_BACKOFF_MS', 4 * 3_600_000); },
  /** A webhook delivery still failing this long after its first attempt is dead-lettered (ms). */
  get webhookRetryWindowMs(): number { return intEnv('EINVOICE_WEBHOOK_RETRY_WINDOW_MS', 24 * 3_600_000); },
  /** Webhook requests in flight per worker process. */
  get webhookConcurrency(): number { return intEnv('EINVOICE_WEBHOOK_CONCURRENCY', 16); },
  /** How often the webhook sender looks for due deliveries when idle (ms). */
  get webhookPollMs(): number { return intEnv('EINVOICE_WEBHOOK_POLL_MS', 500); },
  /** After a secret rotation the previous secret still signs for this long (ms). */
  get webhookSecretGraceMs(): number { return intEnv('EINVOICE_WEBHOOK_SECRET_GRACE_MS', 72 * 3_600_000); },
  /** Webhook hosts the Authority excepts (comma-separated names or IP literals): plain http and private addresses accepted for them (core/dispatch/outbound-url.ts). */
  get webhookAllowHttpHosts(): string[] { return (env('EINVOICE_WEBHOOK_ALLOW_HTTP_HOSTS') ?? '').split(',').map((h) => h.trim()).filter((h) => h !== ''); },
  /** A delivered document neither fetched nor acknowledged after this long raises a pick-up alert (ms). */
  get pickupAlertAfterMs(): number { return intEnv('EINVOICE_PICKUP_ALERT_AFTER_MS', 5 * 24 * 3_600_000); },
  /** Authority mailbox that receives pick-up alerts and dead letters. */
  get authorityEmail(): string | undefined { return env('EINVOICE_AUTHORITY_EMAIL'); },
  /** SMTP server for alerts (`smtp://user:pass@host:587`); unset: alerts are recorded and logged, not mailed. */
  get smtpUrl(): string | undefined { return env('EINVOICE_SMTP_URL'); },
  get mailFrom(): string { return env('EINVOICE_MAIL_FROM') ?? 'e-invoicing hub <noreply@localhost>'; },
  // --- Invoice Responses (statuses bodies set, core/invoice-response) ---
  /** Days after delivery a document with no status beyond AB waits before it is "awaiting the body" (one reminder, the console's queue). */
  get responseDeadlineDays(): number { return intEnv('EINVOICE_RESPONSE_DEADLINE_DAYS', 30); },
  /** How often the worker mails statuses to suppliers and looks for documents past the deadline (ms). */
  get responseIntervalMs(): number { return intEnv('EINVOICE_RESPONSE_INTERVAL_MS', 60_000); },
  /** Lifetime of a web inbox session (ms). */
  get inboxSessionMs(): number { return intEnv('EINVOICE_INBOX_SESSION_MS', 8 * 3_600_000); },
  // --- Authority console and Peppol MLS ---
  /** Seat id of the hub's own Peppol access point (sender of the MLS responses). */
  get peppolSeatId(): string { return env('EINVOICE_PEPPOL_SEAT_ID') ?? 'PLU000000'; },
  /** Also send a positive MLS (AP) for Peppol documents that pass validation. */
  get mlsAcceptance(): boolean { return env('EINVOICE_MLS_ACCEPTANCE') === 'true'; },
  /** `true`: an unroutable Peppol document gets its MLS `RE` (unknown receiver) only once staff reject it; else at once. */
  get mlsHoldUnroutable(): boolean { return env('EINVOICE_MLS_HOLD_UNROUTABLE') === 'true'; },
  /** How often the worker looks for Peppol documents that need an MLS response (ms). */
  get mlsIntervalMs(): number { return intEnv('EINVOICE_MLS_INTERVAL_MS', 5_000); },
  /** Lifetime of a console staff session (ms). */
  get consoleSessionMs(): number { return intEnv('EINVOICE_CONSOLE_SESSION_MS', 8 * 3_600_000); },
  /** Failed console logins (per login and per address) before a lock-out. */
  get consoleMaxFailures(): number { return intEnv('EINVOICE_CONSOLE_MAX_FAILURES', 5); },
  /** Failed web inbox logins for one login (×4 for one address) before a lock-out (the same database throttle as the console). */
  get inboxMaxFailures(): number { return intEnv('EINVOICE_INBOX_MAX_FAILURES', 5); },
  /** Length of a web inbox login lock-out. */
  get inboxLockMs(): number { return intEnv('EINVOICE_INBOX_LOCK_MS', 15 * 60_000); },
  /** Duration of a console login lock-out (ms). */
  get consoleLockMs(): number { return intEnv('EINVOICE_CONSOLE_LOCK_MS', 15 * 60_000); },
  // --- Peppol reporting (TSR / EUSR to OpenPeppol) ---
  /** Day of the month (UTC) from which last month's TSR and EUSR are built and put in the outbox. */
  get reportingDay(): number { return dayEnv('EINVOICE_REPORTING_DAY', 2); },
  /** Day from which the console reminds of a report not acknowledged as sent by the access point. */
  get reportingReminderDay(): number { return dayEnv('EINVOICE_REPORTING_REMINDER_DAY', 10); },
  /** Last day OpenPeppol processes last month's reports (shown in the console; later reports are not processed). */
  get reportingDeadlineDay(): number { return dayEnv('EINVOICE_REPORTING_DEADLINE_DAY', 15); },
  /** How often the worker checks whether reports are due (ms; 0 = only at start). */
  get reportingIntervalMs(): number { return intEnv('EINVOICE_REPORTING_INTERVAL_MS', 3_600_000); },
  /** Participant the reports are sent to (OpenPeppol on the production network). */
  get reportingReceiver(): string { return env('EINVOICE_REPORTING_RECEIVER') ?? '9925:be0848934496'; },
};

/** A day of the month, 1 to 28 (every month has it). */
function dayEnv(name: string, fallback: number): number {
  const n = intEnv(name, fallback);
  if (n < 1 || n > 28) throw new Error(`${name} must be a day of the month from 1 to 28, got ${n}`);
  return n;
}
