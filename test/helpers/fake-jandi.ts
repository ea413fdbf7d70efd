/** A real HTTP server on 127.0.0.1 standing in for JANDI's Incoming Webhook endpoint. */
import { createServer, type IncomingHttpHeaders, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';

export interface RecordedRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

/** What the server does with the next request: answer with a status (and headers), or never answer. */
export type Reply = { status: number; headers?: Record<string, string>; body?: string } | 'hang';

export class FakeJandi {
  readonly requests: RecordedRequest[] = [];
  private readonly replies: Reply[] = [];
  private readonly sockets = new Set<Socket>();
  private readonly hanging = new Set<ServerResponse>();
  private server?: Server;
  /** The webhook URL a team would keep in Secrets Manager; its path carries the secret token. */
  url = '';
  readonly token = 'a1b2c3d4e5f60718293a4b5c6d7e8f90';

  /** Replies are used in order; when none are left the server answers 200. */
  reply(...replies: Reply[]): this {
    this.replies.push(...replies);
    return this;
  }

  async start(): Promise<void> {
    this.server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        this.requests.push({
          method: request.method ?? '',
          path: request.url ?? '',
          headers: request.headers,
          body: Buffer.concat(chunks).toString('utf8'),
        });
        const reply = this.replies.shift() ?? { status: 200 };
        if (reply === 'hang') {
          this.hanging.add(response);
          return;
        }
        response.writeHead(reply.status, { 'Content-Type': 'application/json', ...reply.headers });
        response.end(reply.body ?? (reply.status === 200 ? '{"result":"ok"}' : '{"code":0,"msg":"error"}'));
      });
    });
    this.server.on('connection', (socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    const address = this.server.address();
    if (address === null || typeof address === 'string') throw new Error('no port');
    this.url = `http://127.0.0.1:${address.port}/connect-api/webhook/15293847/${this.token}`;
  }

  async stop(): Promise<void> {
    for (const response of this.hanging) response.destroy();
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()) ?? resolve());
  }

  reset(): void {
    this.requests.length = 0;
    this.replies.length = 0;
  }
}
