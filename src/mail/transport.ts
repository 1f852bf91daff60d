/**
 * Sending one message over SMTP with nodemailer (KLAUSUL_SMTP_URL):
 * smtp://user:pass@host:587 upgrades with STARTTLS where the server offers
 * it, smtps://…:465 speaks TLS from the start. Every message carries the
 * RFC 8058 one-click unsubscribe headers and a Message-ID of its own, the same
 * in every attempt, so a message sent twice (an instance died between the
 * server's acceptance and its record) is one message to mail clients.
 */
import nodemailer from 'nodemailer';

export interface OutgoingMail {
  id: string;
  to: string;
  subject: string;
  text: string;
  html: string;
  unsubscribeUrl: string;
}

/** What a failed attempt says: the SMTP reply code when the server gave one (4xx: try again; 5xx: refused for good). */
export interface SendFailure {
  smtpCode: number | null;
  error: string;
}

export type SendMail = (mail: OutgoingMail) => Promise<SendFailure | null>;

const TIMEOUT_MS = 30_000;

/** The domain of the sender's address, for Message-IDs. */
const domainOf = (from: string): string => /@([^>\s]+)/.exec(from)?.[1] ?? 'klausul.invalid';

export function smtpSender(smtpUrl: string, from: string): { send: SendMail; close(): void } {
  const transport = nodemailer.createTransport(smtpUrl, {
    from,
    connectionTimeout: TIMEOUT_MS,
    greetingTimeout: TIMEOUT_MS,
    socketTimeout: TIMEOUT_MS,
  } as never);
  const domain = domainOf(from);
  return {
    async send(mail) {
      try {
        await transport.sendMail({
          from,
          to: mail.to,
          subject: mail.subject,
          text: mail.text,
          html: mail.html,
          messageId: `<${mail.id}@${domain}>`,
          headers: {
            'List-Unsubscribe': `<${mail.unsubscribeUrl}>`,
            'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
            'Auto-Submitted': 'auto-generated',
          },
        });
        return null;
      } catch (error) {
        const e = error as { responseCode?: number; response?: string; message?: string; code?: string };
        const text = (e.response ?? e.message ?? String(error)).replace(/\s+/g, ' ').trim();
        return { smtpCode: typeof e.responseCode === 'number' ? e.responseCode : null, error: `${e.code ? `${e.code}: ` : ''}${text}`.slice(0, 500) };
      }
    },
    close: () => transport.close(),
  };
}
