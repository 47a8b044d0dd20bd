import { useMutation } from '@tanstack/react-query';
import { useNavigate, useSearchParams } from 'react-router';
import { unwrap } from '../../lib/api/errors';
import { useServices } from '../../lib/services';

type SignupBody = { email: string; password: string; displayName: string; role: 'shopper' | 'creator' };

/** Sign-up and log-in: store the session, then go where the user was headed. */
export function useAuthMutations() {
  const { api, session } = useServices();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const next = params.get('next');
  const done = async (data: { user: Parameters<typeof session.signIn>[0] } & Parameters<typeof session.signIn>[1]) => {
    session.signIn(data.user, data);
    const home = data.user.role === 'creator' ? '/creator' : data.user.role === 'ops' ? '/ops' : '/';
    await navigate(next && next.startsWith('/') && !next.startsWith('//') ? next : home);
  };
  const login = useMutation({
    mutationFn: async (body: { email: string; password: string }) => unwrap(await api.POST('/v1/auth/login', { body })),
    onSuccess: done,
  });
  const signup = useMutation({
    mutationFn: async (body: SignupBody) => unwrap(await api.POST('/v1/auth/signup', { body })),
    onSuccess: done,
  });
  return { login, signup };
}
