import { QueryClient } from '@tanstack/react-query';

/**
 * The app's one query cache. An answer is fetched once and kept until something says it changed: no refetch on
 * window focus or reconnect (a form being filled in would lose its base), and no automatic retries (a refused call
 * shows its message at once; session recovery in api.ts already retries what can be retried).
 */
export const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      retry: false,
      refetchOnWindowFocus: false,
      refetchOnReconnect: false,
      staleTime: Number.POSITIVE_INFINITY,
    },
  },
});
