import { useEffect, useState } from 'react';
import { QueryClient, QueryClientProvider, useQueryClient } from '@tanstack/react-query';
import { RouterProvider } from 'react-router';
import { ApiError } from '../lib/api/errors';
import { ServicesProvider, useLiveStatus, useSession, useServices, type Services } from '../lib/services';
import { createAppRouter } from './router';

function makeQueryClient() {
  return new QueryClient({
    defaultOptions: {
      queries: {
        staleTime: 5_000,
        // 4xx answers are final (not found, forbidden…); retry only network trouble and 5xx.
        retry: (count, err) => count < 2 && !(err instanceof ApiError && err.status >= 400 && err.status < 500),
      },
    },
  });
}

/** The socket lives while someone is signed in; every reconnect re-syncs what pushes may have missed. */
function LiveConnection() {
  const { live } = useServices();
  const session = useSession();
  const signedIn = Boolean(session);
  const queryClient = useQueryClient();
  const { generation } = useLiveStatus();
  useEffect(() => {
    if (!signedIn) return;
    live.start();
    return () => live.stop();
  }, [live, signedIn]);
  useEffect(() => {
    if (generation > 1) void queryClient.invalidateQueries();
  }, [generation, queryClient]);
  useEffect(() => {
    if (!signedIn) queryClient.removeQueries({ predicate: (q) => q.queryKey[0] === 'me' });
  }, [signedIn, queryClient]);
  return null;
}

export function App({ services }: { services: Services }) {
  const [queryClient] = useState(makeQueryClient);
  const [router] = useState(createAppRouter);
  return (
    <ServicesProvider services={services}>
      <QueryClientProvider client={queryClient}>
        <LiveConnection />
        <RouterProvider router={router} />
      </QueryClientProvider>
    </ServicesProvider>
  );
}
