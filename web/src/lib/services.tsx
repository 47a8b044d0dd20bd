import { createContext, useContext, useEffect, useRef, useSyncExternalStore, type ReactNode } from 'react';
import type { Api } from './api/client';
import type { Session, SessionState } from './auth/session';
import type { LiveSocket, LiveStatus } from './ws/live-socket';
import type { LiveMessage } from './ws/messages';

/** What the composition root (main.tsx) creates once per tab and hands to every feature. */
export interface Services {
  session: Session;
  api: Api;
  live: LiveSocket;
}

const ServicesContext = createContext<Services | null>(null);

export function ServicesProvider({ services, children }: { services: Services; children: ReactNode }) {
  return <ServicesContext.Provider value={services}>{children}</ServicesContext.Provider>;
}

export function useServices(): Services {
  const services = useContext(ServicesContext);
  if (!services) throw new Error('useServices outside ServicesProvider');
  return services;
}

export const useApi = () => useServices().api;

export function useSession(): SessionState | null {
  const { session } = useServices();
  return useSyncExternalStore(session.subscribe, session.get);
}

export function useLiveStatus(): { status: LiveStatus; generation: number } {
  const { live } = useServices();
  const status = useSyncExternalStore(live.onStatus, live.status);
  const generation = useSyncExternalStore(live.onStatus, live.generation);
  return { status, generation };
}

/** Calls `handler` for every pushed message (the latest handler; no resubscription on each render). */
export function useLiveMessages(handler: (msg: LiveMessage) => void): void {
  const { live } = useServices();
  const latest = useRef(handler);
  useEffect(() => { latest.current = handler; });
  useEffect(() => live.onMessage((msg) => latest.current(msg)), [live]);
}

/** Subscribes this tab's socket to a drop's pushes while mounted. */
export function useWatchDrop(dropId: number | undefined): void {
  const { live } = useServices();
  useEffect(() => (dropId ? live.watchDrop(dropId) : undefined), [live, dropId]);
}
