import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { isPermanent } from './api/api-error.ts';
import { DashboardApp } from './dashboard-app.tsx';
import '../shared/theme.css';
import './dashboard.css';

/**
 * One cache for every request of the dashboard. Reads are retried a couple
 * of times unless the answer cannot change (a 4xx); live pages set their
 * own polling and backoff (live-query-options.ts). Writes are never
 * retried blindly: the person who asked sees the failure and decides.
 */
const queryClient = new QueryClient({
  defaultOptions: {
    queries: { retry: (count, error) => count < 2 && !isPermanent(error) },
    mutations: { retry: false },
  },
});

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <DashboardApp />
    </QueryClientProvider>
  </StrictMode>,
);
