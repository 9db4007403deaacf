/** A tiny real SMTP catch-all (node:net) for tests: speaks enough SMTP for nodemailer and keeps every message. */
import net from 'node:net';

export interface CaughtMail { from: string; to: string[]; data: string }

export interface CatchAll { port: number; mails: CaughtMail[]; close: () => Promise<void> }

export async function startCatchAll(): Promise<CatchAll> {
  const mails: CaughtMail[] = [];
  const sockets = new Set<net.Socket>();
  const server = net.createServer((sock) => {
    sockets.add(sock);
    sock.on('close', () => sockets.delete(sock));
    sock.setEncoding('utf8');
    let buf = '';
    let inData = false;
    let cur: CaughtMail = { from: '', to: [], data: '' };
    const reply = (s: string): void => { sock.write(`${s}\r\n`); };
    reply('220 catch-all ESMTP');
    sock.on('data', (chunk: string) => {
      buf += chunk;
      for (;;) {
        if (inData) {
          const end = buf.indexOf('\r\n.\r\n');
          if (end < 0) return;
          cur.data = buf.slice(0, end).replace(/\r\n\.\./g, '\r\n.');
          buf = buf.slice(end + 5);
          mails.push(cur);
          cur = { from: '', to: [], data: '' };
          inData = false;
          reply('250 OK queued');
          continue;
        }
        const nl = buf.indexOf('\r\n');
        if (nl < 0) return;
        const line = buf.slice(0, nl);
        buf = buf.slice(nl + 2);
        const cmd = line.slice(0, 4).toUpperCase();
        if (cmd === 'EHLO' || cmd === 'HELO') reply('250 catch-all');
        else if (cmd === 'MAIL') { cur.from = /<([^>]*)>/.exec(line)?.[1] ?? ''; reply('250 OK'); }
        else if (cmd === 'RCPT') { cur.to.push(/<([^>]*)>/.exec(line)?.[1] ?? ''); reply('250 OK'); }
        else if (cmd === 'DATA') { inData = true; reply('354 end with .'); }
        else if (cmd === 'QUIT') { reply('221 bye'); sock.end(); return; }
        else if (cmd === 'RSET' || cmd === 'NOOP') reply('250 OK');
        else reply('502 not implemented');
      }
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    port: (server.address() as net.AddressInfo).port,
    mails,
    close: () => new Promise<void>((r) => { for (const s of sockets) s.destroy(); server.close(() => r()); }),
  };
}
