import { QueryClientProvider } from '@tanstack/react-query';
import { RouterProvider } from '@tanstack/react-router';
import { StrictMode, Suspense } from 'react';
import { createRoot } from 'react-dom/client';
import { ToastProvider } from './components/ui.tsx';
import './i18n.ts';
import { queryClient } from './query-client.ts';
import { setActiveRouter } from './router.tsx';
import { router } from './routes/app-router.tsx';
import './styles.css';

setActiveRouter(router);

const container = document.getElementById('root');
if (container) {
  createRoot(container).render(
    <StrictMode>
      <QueryClientProvider client={queryClient}>
        <ToastProvider>
          {/* Until the first message file has loaded: no words yet, so a bare spinner. */}
          <Suspense fallback={<span className="spinner" aria-busy="true" />}>
            <RouterProvider router={router} />
          </Suspense>
        </ToastProvider>
      </QueryClientProvider>
    </StrictMode>,
  );
}
