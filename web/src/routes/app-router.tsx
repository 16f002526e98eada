import { createRouter } from '@tanstack/react-router';
import { portalRoutes } from './portal-routes.tsx';
import { rootRoute } from './root-route.tsx';
import { staffRoutes } from './staff-routes.tsx';

const routeTree = rootRoute.addChildren([...staffRoutes, ...portalRoutes]);

/**
 * Search parameters stay plain strings both ways, so addresses read as they are written ("?page=2&archived=true")
 * instead of being turned into JSON values and back.
 */
function parseSearch(searchStr: string): Record<string, string> {
  return Object.fromEntries(new URLSearchParams(searchStr));
}

function stringifySearch(search: Record<string, unknown>): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(search))
    if (value !== undefined) params.set(name, String(value));
  const text = params.toString();
  return text ? `?${text}` : '';
}

export const router = createRouter({ routeTree, parseSearch, stringifySearch, scrollRestoration: true });

declare module '@tanstack/react-router' {
  interface Register {
    router: typeof router;
  }
}
