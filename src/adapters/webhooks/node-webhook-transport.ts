import { lookup } from 'node:dns/promises';
import http from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import type { WebhookTransport } from '../../ports.ts';

/**
 * Outgoing webhooks over node:http(s). The connection goes to the address the caller checked: the request's
 * `lookup` answers with it instead of asking DNS again, so a name that resolves to a public address for the check
 * and a private one a moment later (DNS rebinding) cannot redirect the request. TLS still verifies the certificate
 * against the URL's host name. One overall deadline covers connecting, sending and reading.
 */
export function createNodeWebhookTransport(): WebhookTransport {
  return {
    async resolve(hostname) {
      const found = await lookup(hostname, { all: true, verbatim: true });
      return found.map((entry) => ({ address: entry.address, family: entry.family === 6 ? 6 : 4 }));
    },

    post(request) {
      return new Promise((resolve, reject) => {
        const pinned: LookupFunction = (_hostname, options, callback) => {
          if (options.all) callback(null, [{ address: request.address, family: request.family }]);
          else callback(null, request.address, request.family);
        };
        let settled = false;
        const finish = (outcome: () => void) => {
          if (settled) return;
          settled = true;
          clearTimeout(deadline);
          outcome();
        };
        const client = request.url.protocol === 'https:' ? https : http;
        const outgoing = client.request(
          request.url,
          {
            method: 'POST',
            headers: { ...request.headers, 'content-length': String(Buffer.byteLength(request.body)) },
            lookup: pinned,
            agent: false,
          },
          (response) => {
            const chunks: Buffer[] = [];
            let kept = 0;
            const answer = () =>
              finish(() =>
                resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }),
              );
            response.on('data', (chunk: Buffer) => {
              const room = request.maxResponseBytes - kept;
              if (room > 0) {
                chunks.push(chunk.subarray(0, room));
                kept += Math.min(room, chunk.length);
              }
              // Enough kept: the rest is not worth reading (a receiver could stream without end).
              if (kept >= request.maxResponseBytes) {
                answer();
                response.destroy();
              }
            });
            response.on('end', answer);
            response.on('error', (error) => finish(() => reject(error)));
          },
        );
        const deadline = setTimeout(
          () => outgoing.destroy(new Error(`No answer within ${request.timeoutMs} ms`)),
          request.timeoutMs,
        );
        outgoing.on('error', (error) => finish(() => reject(error)));
        outgoing.end(request.body);
      });
    },
  };
}
