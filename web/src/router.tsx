import { type AnyRouter, useRouterState } from '@tanstack/react-router';
import { type AnchorHTMLAttributes, type MouseEvent, useEffect } from 'react';

/**
 * The small navigation facade the pages use, on top of TanStack Router (the route tree is in routes/). Pages link
 * and navigate with plain addresses ("/app/invoices?status=sent"), so they need not know the route tree.
 */

let activeRouter: AnyRouter | undefined;

/** The router that navigate() drives; main.tsx sets it once before rendering. */
export function setActiveRouter(router: AnyRouter): void {
  activeRouter = router;
}

export function navigate(to: string, options: { replace?: boolean } = {}): void {
  if (!activeRouter) {
    window.location.assign(to);
    return;
  }
  void activeRouter.navigate({ href: to, replace: options.replace });
}

/** The current path and query, re-rendering on navigation. */
export function useLocation(): { path: string; search: URLSearchParams } {
  const path = useRouterState({ select: (state) => state.location.pathname });
  const search = useRouterState({ select: (state) => state.location.searchStr });
  return { path, search: new URLSearchParams(search) };
}

export function Link({ href, onClick, ...rest }: AnchorHTMLAttributes<HTMLAnchorElement> & { href: string }) {
  const handle = (event: MouseEvent<HTMLAnchorElement>) => {
    onClick?.(event);
    if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey)
      return;
    event.preventDefault();
    navigate(href);
  };
  return <a href={href} onClick={handle} {...rest} />;
}

/** Sets the document title and moves focus to the page heading, so screen readers announce the new page. */
export function usePageTitle(title: string): void {
  useEffect(() => {
    document.title = `${title} · Remit`;
    const heading = document.querySelector<HTMLElement>('main h1');
    heading?.focus({ preventScroll: true });
  }, [title]);
}
