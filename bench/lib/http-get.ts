import http from 'node:http';

/**
 * GET requests over one kept-alive connection with node:http, answering the status and the body's text. The
 * benchmarks compare the API with raw SQL sent by `pg`, a lean client; timing the API through `fetch` would add
 * undici's own per-request cost (streams, Headers, a Response) to the server's, on the API's side only.
 */
export function keptAliveGet(headers: Record<string, string>) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const get = (url: string) =>
    new Promise<{ status: number; text: string }>((resolve, reject) => {
      const request = http.get(url, { agent, headers }, (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () =>
          resolve({ status: response.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }),
        );
        response.on('error', reject);
      });
      request.on('error', reject);
    });
  return { get, close: () => agent.destroy() };
}
