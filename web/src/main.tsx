import { QueryClientProvider } from '@tanstack/react-query';
import { StrictMode, Suspense } from 'react';
import { createRoot } from 'react-dom/client';
import { AdminApp } from './admin/AdminApp.tsx';
import { ToastProvider } from './components/ui.tsx';
import './i18n.ts';
import { PortalApp } from './portal/PortalApp.tsx';
import { queryClient } from './query-client.ts';
import { navigate, useLocation } from './router.tsx';
import './styles.css';

function Root() {
  const { path } = useLocation();
  if (path === '/' || path === '') {
    navigate('/app', { replace: true });
    return null;
  }
  if (path === '/portal' || path.startsWith('/portal/')) return <PortalApp />;
  return <AdminApp />;
}

const container = document.getElementById('root');
if (container) {
  createRoot(container).render(
    <StrictMode>
      <QueryClientProvider client={queryClient}>
        <ToastProvider>
          {/* Until the first message file has loaded: no words yet, so a bare spinner. */}
          <Suspense fallback={<span className="spinner" aria-busy="true" />}>
            <Root />
          </Suspense>
        </ToastProvider>
      </QueryClientProvider>
    </StrictMode>,
  );
}
