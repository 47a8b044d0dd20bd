import type { FormEvent } from 'react';
import { Link } from 'react-router';
import { ErrorNotice } from '../../components/ErrorNotice';
import { useAuthMutations } from './use-auth';

export function SignupPage() {
  const { signup } = useAuthMutations();
  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    signup.mutate({
      displayName: String(f.get('displayName')),
      email: String(f.get('email')),
      password: String(f.get('password')),
      role: f.get('role') === 'creator' ? 'creator' : 'shopper',
    });
  };
  return (
    <section className="panel narrow">
      <h1>Create your account</h1>
      <form onSubmit={submit} className="form">
        <label>Name<input name="displayName" autoComplete="nickname" required maxLength={100} /></label>
        <label>Email<input name="email" type="email" autoComplete="email" required /></label>
        <label>Password<input name="password" type="password" autoComplete="new-password" required minLength={10} aria-describedby="pw-hint" /></label>
        <small id="pw-hint">At least 10 characters.</small>
        <fieldset className="choice">
          <legend>I want to</legend>
          <label><input type="radio" name="role" value="shopper" defaultChecked /> shop drops</label>
          <label><input type="radio" name="role" value="creator" /> launch drops as a creator</label>
        </fieldset>
        <ErrorNotice error={signup.error} />
        <button type="submit" className="button" disabled={signup.isPending}>{signup.isPending ? 'Creating…' : 'Sign up'}</button>
      </form>
      <p>Already have an account? <Link to="/login">Log in</Link></p>
    </section>
  );
}
