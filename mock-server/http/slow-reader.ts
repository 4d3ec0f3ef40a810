/**
 * A client that never reads its answers: Node stops serving a socket whose writes back up, but kept it
 * open, with its answers queued, for about 115 s (2.8 MB queued, most in the kernel). A socket whose
 * queued writes make no progress for `stallMs` real ms is closed (docs/cli.md "Timeouts"). Progress is
 * bytes handed to the kernel: a slow reader that keeps reading, however slowly, is never cut.
 */
import type { Server } from 'node:http';
import type { Socket } from 'node:net';

interface Watched {
  bytesWritten: number;
  stalledMs: number;
}

export function closeStalledWriters(server: Server, stallMs: number, checkEveryMs: number): void {
  const sockets = new Map<Socket, Watched>();
  server.on('connection', (socket: Socket) => {
    sockets.set(socket, { bytesWritten: 0, stalledMs: 0 });
    socket.once('close', () => sockets.delete(socket));
  });
  const timer = setInterval(() => {
    for (const [socket, watched] of sockets) {
      const written = socket.bytesWritten;
      if (socket.writableLength === 0 || written !== watched.bytesWritten) {
        watched.bytesWritten = written;
        watched.stalledMs = 0;
      } else if ((watched.stalledMs += checkEveryMs) >= stallMs) {
        socket.destroy();
      }
    }
  }, checkEveryMs);
  timer.unref();
  server.once('close', () => clearInterval(timer));
}
