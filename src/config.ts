/** Configuration from the environment, validated once at start-up. */
import { z } from 'zod';

const ORIGIN_EXAMPLE = 'give exact origins separated by commas, such as https://portal.example.se,http://localhost:5173';

/** Why a KLAUSUL_CORS_ORIGINS entry is not an origin as browsers send it, or undefined. */
function corsOriginProblem(item: string): string | undefined {
  if (item.includes('*')) return `has a wildcard; ${ORIGIN_EXAMPLE}`;
  let url: URL;
  try {
    url = new URL(item);
  } catch {
    return `is not an origin; ${ORIGIN_EXAMPLE}`;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return `must start with https:// or http://; ${ORIGIN_EXAMPLE}`;
  if (url.origin !== item)
    return `is not an exact origin as browsers send it (scheme, lower-case host, a port only if not the default; no path, not even a trailing slash); did you mean ${url.origin}?`;
  return undefined;
}

const schema = z
  .object({
    NODE_ENV: z.string().optional(),
    PORT: z.coerce
      .number({ error: 'PORT must be a port number such as 3000' })
      .int('PORT must be a whole number')
      .min(0, 'PORT must be between 0 (any free port) and 65535')
      .max(65535, 'PORT must be between 0 (any free port) and 65535')
      .default(3000),
    DATABASE_URL: z
      .string()
      .regex(/^postgres(ql)?:\/\//, 'DATABASE_URL must be a PostgreSQL URL such as postgres://user@host:5432/klausul (unset it to use the embedded database)')
      .optional(),
    KLAUSUL_DATA_DIR: z.string().min(1).default('./data'),
    KLAUSUL_DB_POOL_SIZE: z.coerce
      .number({ error: 'KLAUSUL_DB_POOL_SIZE must be a number of connections such as 20' })
      .int('KLAUSUL_DB_POOL_SIZE must be a whole number of connections')
      .min(1, 'KLAUSUL_DB_POOL_SIZE must be at least 1')
      .max(500, 'KLAUSUL_DB_POOL_SIZE must be at most 500')
      .default(20),
    KLAUSUL_NOW: z.iso.datetime({ offset: true, error: 'KLAUSUL_NOW must be an ISO timestamp such as 2026-06-01T09:00:00Z' }).optional(),
    KLAUSUL_OCID_PREFIX: z.string().min(1).default('ocds-klausul'),
    KLAUSUL_POLL_INTERVAL_MS: z.coerce
      .number({ error: 'KLAUSUL_POLL_INTERVAL_MS must be a number of milliseconds such as 1000' })
      .int('KLAUSUL_POLL_INTERVAL_MS must be a whole number of milliseconds')
      .min(10, 'KLAUSUL_POLL_INTERVAL_MS must be at least 10')
      .max(3_600_000, 'KLAUSUL_POLL_INTERVAL_MS must be at most 3600000 (an hour)')
      .default(1000),
    KLAUSUL_DEADLINE_WORKERS: z.coerce
      .number({ error: 'KLAUSUL_DEADLINE_WORKERS must be a number such as 4' })
      .int('KLAUSUL_DEADLINE_WORKERS must be a whole number')
      .min(0, 'KLAUSUL_DEADLINE_WORKERS must be 0 (this instance fires no deadlines) or more')
      .max(64, 'KLAUSUL_DEADLINE_WORKERS must be at most 64')
      .default(4),
    KLAUSUL_WEBHOOK_PRIVATE_NETWORKS: z
      .enum(['deny', 'allow'], { error: 'KLAUSUL_WEBHOOK_PRIVATE_NETWORKS must be deny (webhooks go to public addresses only) or allow' })
      .default('deny'),
    KLAUSUL_CORS_ORIGINS: z
      .string()
      .optional()
      .transform((value, ctx) => {
        const origins: string[] = [];
        for (const item of (value ?? '')
          .split(',')
          .map((o) => o.trim())
          .filter(Boolean)) {
          const problem = corsOriginProblem(item);
          if (problem) ctx.addIssue({ code: 'custom', message: `KLAUSUL_CORS_ORIGINS entry "${item}" ${problem}` });
          else if (!origins.includes(item)) origins.push(item);
        }
        return origins;
      }),
    KLAUSUL_IDEMPOTENCY_HOURS: z.coerce
      .number({ error: 'KLAUSUL_IDEMPOTENCY_HOURS must be a number of hours such as 24' })
      .int('KLAUSUL_IDEMPOTENCY_HOURS must be a whole number of hours')
      .min(1, 'KLAUSUL_IDEMPOTENCY_HOURS must be at least 1')
      .max(8_760, 'KLAUSUL_IDEMPOTENCY_HOURS must be at most 8760 (a year)')
      .default(24),
    KLAUSUL_LOG_RETENTION_DAYS: z.coerce
      .number({ error: 'KLAUSUL_LOG_RETENTION_DAYS must be a number of days such as 30' })
      .int('KLAUSUL_LOG_RETENTION_DAYS must be a whole number of days')
      .min(1, 'KLAUSUL_LOG_RETENTION_DAYS must be at least 1')
      .max(3_650, 'KLAUSUL_LOG_RETENTION_DAYS must be at most 3650 (ten years)')
      .default(30),
    KLAUSUL_SESSION_IDLE_MINUTES: z.coerce
      .number({ error: 'KLAUSUL_SESSION_IDLE_MINUTES must be a number of minutes such as 120' })
      .int('KLAUSUL_SESSION_IDLE_MINUTES must be a whole number of minutes')
      .min(1, 'KLAUSUL_SESSION_IDLE_MINUTES must be at least 1')
      .max(1_440, 'KLAUSUL_SESSION_IDLE_MINUTES must be at most 1440 (a day)')
      .default(120),
    KLAUSUL_SESSION_HOURS: z.coerce
      .number({ error: 'KLAUSUL_SESSION_HOURS must be a number of hours such as 12' })
      .int('KLAUSUL_SESSION_HOURS must be a whole number of hours')
      .min(1, 'KLAUSUL_SESSION_HOURS must be at least 1')
      .max(720, 'KLAUSUL_SESSION_HOURS must be at most 720 (thirty days)')
      .default(12),
    KLAUSUL_TRUST_PROXY: z
      .enum(['true', 'false', '1', '0'], {
        error: 'KLAUSUL_TRUST_PROXY must be true (a proxy in front sets X-Forwarded-For: the client address is taken from it) or false',
      })
      .optional()
      .transform((value) => value === 'true' || value === '1'),
    // Where users reach Klausul (issue 23): the base of links in mail, and where an identity provider sends users back.
    KLAUSUL_PUBLIC_URL: z
      .url({ protocol: /^https?$/, error: 'KLAUSUL_PUBLIC_URL must be the address users reach Klausul at, such as https://klausul.example.se' })
      .transform((url) => url.replace(/\/+$/, ''))
      .optional(),
    KLAUSUL_SECRET_KEY: z.string().min(32, 'KLAUSUL_SECRET_KEY must be at least 32 characters; `openssl rand -base64 32` makes one').optional(),
    KLAUSUL_LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    // E-mail (issue 23; README.md, E-mail): without KLAUSUL_SMTP_URL no mail is planned or sent.
    KLAUSUL_SMTP_URL: z
      .string()
      .regex(/^smtps?:\/\/[^/?#\s]+/, 'KLAUSUL_SMTP_URL must be an SMTP URL such as smtp://user:password@mail.example.se:587 (STARTTLS) or smtps://…:465 (TLS)')
      .refine((value) => URL.canParse(value), 'KLAUSUL_SMTP_URL is not a URL; percent-encode special characters in the user name and password')
      .optional(),
    KLAUSUL_MAIL_FROM: z
      .string()
      .regex(/^[^\r\n]*[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+>?$/, 'KLAUSUL_MAIL_FROM must be the sender, such as "Klausul <klausul@example.se>" or klausul@example.se')
      .optional(),
    KLAUSUL_REMINDER_DAYS: z.coerce
      .number({ error: 'KLAUSUL_REMINDER_DAYS must be a number of days such as 7' })
      .int('KLAUSUL_REMINDER_DAYS must be a whole number of days')
      .min(1, 'KLAUSUL_REMINDER_DAYS must be at least 1')
      .max(90, 'KLAUSUL_REMINDER_DAYS must be at most 90')
      .default(7),
    KLAUSUL_MAIL_DIGEST_HOUR: z.coerce
      .number({ error: 'KLAUSUL_MAIL_DIGEST_HOUR must be an hour (UTC) such as 6' })
      .int('KLAUSUL_MAIL_DIGEST_HOUR must be a whole hour')
      .min(0, 'KLAUSUL_MAIL_DIGEST_HOUR must be between 0 and 23 (UTC)')
      .max(23, 'KLAUSUL_MAIL_DIGEST_HOUR must be between 0 and 23 (UTC)')
      .default(6),
  })
  .refine((env) => !env.KLAUSUL_SMTP_URL || env.KLAUSUL_MAIL_FROM, {
    path: ['KLAUSUL_MAIL_FROM'],
    message: 'KLAUSUL_SMTP_URL is set: give KLAUSUL_MAIL_FROM too, the sender, such as "Klausul <klausul@example.se>"',
  })
  // The deadline poller holds up to KLAUSUL_DEADLINE_WORKERS connections at a time; requests need at least one more.
  .refine((env) => env.KLAUSUL_DB_POOL_SIZE > env.KLAUSUL_DEADLINE_WORKERS, {
    path: ['KLAUSUL_DB_POOL_SIZE'],
    message: 'KLAUSUL_DB_POOL_SIZE must be more than KLAUSUL_DEADLINE_WORKERS, so requests are served while the deadline poller holds its connections',
  })
  .refine((env) => !(env.NODE_ENV === 'production' && env.KLAUSUL_NOW), {
    path: ['KLAUSUL_NOW'],
    message: 'KLAUSUL_NOW moves the clock and is refused when NODE_ENV=production; unset it',
  });

export type Config = z.infer<typeof schema>;

export class ConfigError extends Error {}

export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  // Empty variables count as unset, as in most shells' `VAR= cmd`.
  const present = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== ''));
  const parsed = schema.safeParse(present);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  return parsed.data;
}
