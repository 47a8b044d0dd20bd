import type { Server } from 'node:http';
import { AppError } from '../errors/app-error';

/** Listens and turns EADDRINUSE into an error that names the port and the setting that chose it. */
export function listen(server: Server, port: number, host: string, configKey: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (err: NodeJS.ErrnoException) => {
      server.off('listening', onListening);
      if (err.code === 'EADDRINUSE') {
        reject(new AppError(500, 'port_in_use', `port ${port} (${configKey}) on ${host} is already in use`, false));
      } else reject(err);
    };
    const onListening = () => {
      server.off('error', onError);
      const address = server.address();
      resolve(typeof address === 'object' && address ? address.port : port);
    };
    server.once('error', onError);
    server.once('listening', onListening);
    server.listen(port, host);
  });
}

export function closeServer(server: Server): Promise<void> {
  return new Promise((resolve, reject) => {
    server.close((err) => (err ? reject(err) : resolve()));
    server.closeIdleConnections();
  });
}
