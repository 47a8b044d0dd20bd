import type { FormEvent } from 'react';
import { Link } from 'react-router';
import { ErrorNotice } from '../../components/ErrorNotice';
import { useAuthMutations } from './use-auth';

export function LoginPage() {
  const { login } = useAuthMutations();
  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    login.mutate({ email: String(f.get('email')), password: String(f.get('password')) });
  };
  return (
    <section className="panel narrow">
      <h1>Log in</h1>
      <form onSubmit={submit} className="form">
        <label>Email<input name="email" type="email" autoComplete="email" required /></label>
        <label>Password<input name="password" type="password" autoComplete="current-password" required /></label>
        <ErrorNotice error={login.error} />
        <button type="submit" className="button" disabled={login.isPending}>{login.isPending ? 'Logging in…' : 'Log in'}</button>
      </form>
      <p>New here? <Link to="/signup">Create an account</Link></p>
    </section>
  );
}
