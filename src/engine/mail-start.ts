/** The mail worker of a server instance, when KLAUSUL_SMTP_URL is set; otherwise nothing is planned or sent. */
import type { Logger } from 'pino';
import type { Config } from '../config.ts';
import { smtpSender } from '../mail/transport.ts';
import type { EngineDeps } from './deps.ts';
import { MailWorker } from './mail-worker.ts';

/** The address links in mail start with: KLAUSUL_PUBLIC_URL, else this instance on localhost. */
export const publicUrlOf = (config: Pick<Config, 'KLAUSUL_PUBLIC_URL'>, port: number): string => config.KLAUSUL_PUBLIC_URL ?? `http://localhost:${port}`;

export function startMail(deps: EngineDeps, config: Config, options: { port: number; logger: Logger }): { stop(): Promise<void> } {
  if (!config.KLAUSUL_SMTP_URL || !config.KLAUSUL_MAIL_FROM) {
    options.logger.info('no KLAUSUL_SMTP_URL: no e-mail is sent; the "Att göra" list of the web application is the channel');
    return { stop: async () => {} };
  }
  const sender = smtpSender(config.KLAUSUL_SMTP_URL, config.KLAUSUL_MAIL_FROM);
  const worker = new MailWorker(deps, {
    send: sender.send,
    publicUrl: publicUrlOf(config, options.port),
    reminderDays: config.KLAUSUL_REMINDER_DAYS,
    digestHourUtc: config.KLAUSUL_MAIL_DIGEST_HOUR,
    pollIntervalMs: config.KLAUSUL_POLL_INTERVAL_MS,
    logger: options.logger,
  });
  worker.start();
  return {
    stop: async () => {
      await worker.stop();
      sender.close();
    },
  };
}
