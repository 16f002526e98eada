/**
 * autocannon ships no type declarations and @types/autocannon is not a dependency: these cover the part of its
 * programmatic API the benchmarks use (see node_modules/autocannon/README.md for the rest).
 */
declare module 'autocannon' {
  namespace autocannon {
    interface Options {
      url: string;
      method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
      headers?: Record<string, string>;
      body?: string;
      connections?: number;
      /** Seconds. */
      duration?: number;
      /** Seconds per request before it counts as a timeout. */
      timeout?: number;
      /** A run before the measured one, with these options overriding the others; its result is `warmup`. */
      warmup?: { duration?: number; connections?: number };
      /**
       * A sequence each connection sends in turn. `setupRequest` may change a request (e.g. its path) from what the
       * connection's `context` holds, or return null to start the sequence again; `onResponse` sees each answer.
       */
      requests?: {
        method?: Options['method'];
        path?: string;
        headers?: Record<string, string>;
        body?: string;
        // biome-ignore lint/suspicious/noExplicitAny: the context is whatever the hooks keep in it
        setupRequest?: (request: object, context: any) => object | null;
        // biome-ignore lint/suspicious/noExplicitAny: as above
        onResponse?: (status: number, body: string, context: any) => void;
      }[];
    }

    /** Percentiles are named p2_5, p50, p75, p90, p97_5, p99, p99_9, ... */
    interface Histogram {
      average: number;
      mean: number;
      stddev: number;
      min: number;
      max: number;
      total: number;
      p50: number;
      p99: number;
    }

    interface Result {
      /** Seconds the run really lasted. */
      duration: number;
      /** Socket errors (refused, reset, ...). */
      errors: number;
      timeouts: number;
      /** Responses with a status outside 200-299. */
      non2xx: number;
      '2xx': number;
      statusCodeStats: Record<string, { count: number }>;
      /** Milliseconds, in a histogram of 1 ms resolution. */
      latency: Histogram;
      requests: Histogram & { sent: number };
      throughput: Histogram;
      warmup?: Result;
    }

    /** What autocannon() returns without a callback: an event emitter that is also a promise of the result. */
    interface Instance extends PromiseLike<Result> {
      /** Every response; `responseTime` in milliseconds (sub-millisecond precision). */
      on(
        event: 'response',
        listener: (client: unknown, statusCode: number, responseBytes: number, responseTime: number) => void,
      ): Instance;
      /** A socket error or timeout (of the measured run). */
      on(event: 'reqError', listener: (error: Error) => void): Instance;
    }
  }

  function autocannon(options: autocannon.Options): autocannon.Instance;
  export = autocannon;
}
