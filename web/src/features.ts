import { useEffect, useState } from 'react';

/**
 * Which API operations this server offers, read once from its OpenAPI document, so pages show an action (send,
 * PDF, reminders...) only when the server can do it.
 */
let loading: Promise<Set<string>> | null = null;

function loadFeatures(): Promise<Set<string>> {
  loading ??= fetch('/api/v1/openapi.json', { credentials: 'same-origin' })
    .then((response) => (response.ok ? response.json() : { paths: {} }))
    .then((doc: { paths?: Record<string, Record<string, unknown>> }) => {
      const found = new Set<string>();
      for (const [path, operations] of Object.entries(doc.paths ?? {})) {
        for (const method of Object.keys(operations)) found.add(`${method.toUpperCase()} ${path}`);
      }
      return found;
    })
    .catch(() => new Set<string>());
  return loading;
}

export interface Features {
  ready: boolean;
  has: (operation: string) => boolean;
}

/** `has('POST /api/v1/invoices/{id}/send')`. */
export function useFeatures(): Features {
  const [set, setSet] = useState<Set<string> | null>(null);
  useEffect(() => {
    let live = true;
    loadFeatures().then((found) => live && setSet(found));
    return () => {
      live = false;
    };
  }, []);
  return { ready: set !== null, has: (operation) => set?.has(operation) ?? false };
}
