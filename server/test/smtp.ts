import { type ParsedMail, simpleParser } from 'mailparser';
import { startSmtpSink } from './smtp-sink';

export interface TestSmtp {
  /** smtp://127.0.0.1:<port> for SMTP_URL. */
  url: string;
  /** What arrived, parsed by mailparser (attachments decoded). */
  messages: ParsedMail[];
  /** Resolves once at least n messages arrived (or fails after ms). */
  waitForMessages(n: number, ms?: number): Promise<ParsedMail[]>;
  close(): Promise<void>;
}

/**
 * The in-process SMTP server of smtp-sink.ts (no mock: the app sends over TCP with
 * nodemailer), with each message parsed, for tests that read headers and attachments.
 */
export async function startTestSmtp(): Promise<TestSmtp> {
  const messages: ParsedMail[] = [];
  const sink = await startSmtpSink({
    onMessage: (mail) => {
      // The raw text is kept as UTF-8; mailparser reads it back byte for byte.
      void simpleParser(Buffer.from(mail.raw, 'utf8')).then((parsed) => messages.push(parsed));
    },
  });
  return {
    url: sink.url,
    messages,
    async waitForMessages(n, ms = 15_000) {
      const deadline = Date.now() + ms;
      while (messages.length < n) {
        if (Date.now() > deadline) throw new Error(`expected ${n} messages, got ${messages.length}`);
        await new Promise((r) => setTimeout(r, 50));
      }
      return messages;
    },
    close: () => sink.close(),
  };
}
