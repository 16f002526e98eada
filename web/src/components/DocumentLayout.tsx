import type { ReactNode } from 'react';

/** The document as the client sees it, with the page's cards beside it (staff and portal pages alike). */
export function DocumentLayout({ document, children }: { document: ReactNode; children: ReactNode }) {
  return (
    <div className="invoice-layout">
      <div className="invoice-main">{document}</div>
      <aside className="invoice-side">{children}</aside>
    </div>
  );
}
