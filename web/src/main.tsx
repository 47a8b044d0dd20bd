// Composition root of the web app: one session, one API client and one WebSocket per tab.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createApi } from './lib/api/client';
import { createSession } from './lib/auth/session';
import { createLiveSocket } from './lib/ws/live-socket';
import { App } from './app/App';
import './app/styles.css';

const session = createSession();
const api = createApi(session);
const live = createLiveSocket({
  getToken: (forceRefresh) => (forceRefresh ? session.refresh() : session.freshAccessToken()),
});

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App services={{ session, api, live }} />
  </StrictMode>,
);
