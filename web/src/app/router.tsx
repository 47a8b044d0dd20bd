import { createBrowserRouter } from 'react-router';
import { Layout } from './Layout';
import { RequireRole } from './RequireRole';
import { NotFoundPage } from './NotFoundPage';
import { DropsPage } from '../features/drops/DropsPage';
import { DropRoute } from './routes/DropRoute';
import { CreatorsRoute, CreatorProfileRoute } from './routes/CreatorRoutes';
import { LoginPage } from '../features/auth/LoginPage';
import { SignupPage } from '../features/auth/SignupPage';
import { MyOrdersPage } from '../features/orders/MyOrdersPage';
import { NotificationsPage } from '../features/notifications/NotificationsPage';

/**
 * Shopper pages are in the main bundle; the creator studio and the ops console (charts) are split out
 * and loaded only by those roles, which keeps the shopper's JavaScript small (web/test/bundle-size).
 */
export function createAppRouter() {
  return createBrowserRouter([
    {
      element: <Layout />,
      children: [
        { index: true, element: <DropsPage /> },
        { path: 'drops/:dropId', element: <DropRoute /> },
        { path: 'creators', element: <CreatorsRoute /> },
        { path: 'creators/:creatorId', element: <CreatorProfileRoute /> },
        { path: 'login', element: <LoginPage /> },
        { path: 'signup', element: <SignupPage /> },
        { path: 'orders', element: <RequireRole role="shopper"><MyOrdersPage /></RequireRole> },
        { path: 'notifications', element: <RequireRole><NotificationsPage /></RequireRole> },
        {
          path: 'creator/*',
          element: <RequireRole role="creator" />,
          children: [{ path: '*', lazy: async () => ({ Component: (await import('../features/creator/CreatorPage')).CreatorPage }) }],
        },
        {
          path: 'ops/*',
          element: <RequireRole role="ops" />,
          children: [{ path: '*', lazy: async () => ({ Component: (await import('../features/ops/OpsPage')).OpsPage }) }],
        },
        { path: '*', element: <NotFoundPage /> },
      ],
    },
  ]);
}
