import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { api, query } from './api.ts';
import { queryClient } from './query-client.ts';
import type { Page, Project } from './types.ts';

const STAFF_API = 'staff-api';

/** What a page shows of a read: the same shape as `useAsync`. */
function readState<T>(result: { data: T | undefined; error: Error | null; isFetching: boolean }) {
  return {
    data: result.data,
    // A read under way hides the last failure, as it hides the retry button's message.
    error: result.isFetching ? undefined : (result.error ?? undefined),
    loading: result.isFetching,
  };
}

/**
 * GET `path` of the staff API (`/imports`, `/recurring-profiles/:id/preview`), shared by every component that
 * reads it: a page shows the answer it has and fetches again when it mounts or when a write says the path changed
 * (`apiChanged`). `null`: nothing to read yet.
 */
export function useApi<T>(path: string | null) {
  const result = useQuery({
    queryKey: [STAFF_API, path],
    queryFn: () => api.get<T>(path as string),
    enabled: path !== null,
    staleTime: 0,
  });
  const { refetch } = result;
  return { ...readState(result), reload: () => void refetch() };
}

/**
 * The pages of a staff API list (`{ items, nextCursor }`), 25 at a time: `items` holds every page loaded so far and
 * `loadMore` adds the next one. A change of the path (`apiChanged`) reads the loaded pages again.
 */
export function useApiPages<T>(path: string, limit = 25) {
  const result = useInfiniteQuery({
    queryKey: [STAFF_API, path, 'pages'],
    queryFn: ({ pageParam }) => api.get<Page<T>>(`${path}${query({ limit, cursor: pageParam })}`),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    staleTime: 0,
  });
  const { refetch, fetchNextPage } = result;
  const loadingFirst = result.isFetching && !result.isFetchingNextPage;
  return {
    ...readState({
      data: result.data,
      error: result.isFetchNextPageError ? null : result.error,
      isFetching: loadingFirst,
    }),
    items: result.data?.pages.flatMap((page) => page.items) ?? [],
    hasMore: result.hasNextPage,
    loadingMore: result.isFetchingNextPage,
    moreError: result.isFetchNextPageError ? result.error : null,
    loadMore: () => void fetchNextPage(),
    reload: () => void refetch(),
  };
}

/** The largest page the API's lists give. */
const LARGEST_PAGE = 100;

/**
 * Every item of a staff API list (`{ items, nextCursor }`) filtered by `params`, read page after page until the last:
 * for lists that stay small however big the business grows, such as one client's projects, offered whole in a
 * select. `null` path: nothing to read yet. A change of the path (`apiChanged`) reads them again; an answer from an
 * earlier visit is not kept, so a select never offers figures (a balance due) that have since changed.
 */
export function useApiAll<T>(path: string | null, params: Record<string, string> = {}) {
  const result = useQuery({
    queryKey: [STAFF_API, path && `${path}${query(params)}`, 'all'],
    queryFn: async () => {
      const items: T[] = [];
      let cursor: string | null = null;
      do {
        const page: Page<T> = await api.get<Page<T>>(
          `${path}${query({ ...params, limit: LARGEST_PAGE, cursor })}`,
        );
        items.push(...page.items);
        cursor = page.nextCursor;
      } while (cursor);
      return items;
    },
    enabled: path !== null,
    staleTime: 0,
    gcTime: 0,
  });
  const { refetch } = result;
  return { ...readState(result), reload: () => void refetch() };
}

/** A client's projects, archived ones too (the client page and every editor read the same list); none without a client. */
export function useClientProjects(clientId: string) {
  const result = useApiAll<Project>(clientId ? '/projects' : null, { clientId });
  return { ...result, projects: result.data ?? [] };
}

/** Says the answers of every path starting with `prefix` changed: pages showing one fetch it again. */
export function apiChanged(prefix: string): Promise<void> {
  return queryClient.invalidateQueries({
    predicate: ({ queryKey }) =>
      queryKey[0] === STAFF_API && typeof queryKey[1] === 'string' && queryKey[1].startsWith(prefix),
  });
}
