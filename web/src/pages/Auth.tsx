import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import { splitErrors } from '../api/client';
import { api } from '../api/endpoints';
import { useAuth } from '../auth';
import { Banner, describedBy, Field } from '../components/ui';
import { useTitle } from '../hooks';
import { Link, navigate, safeNext, useLocation } from '../router';

type Errors = Record<string, string>;

function AuthShell({ title, children, footer }: { title: string; children: ComponentChildren; footer?: ComponentChildren }) {
  useTitle(title);
  return (
    <div class="auth">
      <div class="auth__brand" aria-hidden="true">
        <span class="logo">jr</span> jobrec
      </div>
      <div class="card auth__card">
        <h1 tabIndex={-1}>{title}</h1>
        {children}
      </div>
      {footer && <div class="auth__footer">{footer}</div>}
    </div>
  );
}

function EmailField({ id, value, onInput, error, testid }: { id: string; value: string; onInput: (v: string) => void; error?: string | undefined; testid: string }) {
  return (
    <Field id={id} label="Email" error={error}>
      <input
        id={id}
        name="email"
        type="email"
        autoComplete="email"
        required
        value={value}
        onInput={(e) => onInput(e.currentTarget.value)}
        data-testid={testid}
        {...describedBy(id, { error })}
      />
    </Field>
  );
}

function PasswordField(props: {
  id: string;
  label: string;
  value: string;
  onInput: (v: string) => void;
  error?: string | undefined;
  testid: string;
  autoComplete: string;
  hint?: string;
}) {
  const { id, label, value, onInput, error, testid, autoComplete, hint } = props;
  const [show, setShow] = useState(false);
  return (
    <Field id={id} label={label} error={error} hint={hint}>
      <div class="input-with-button">
        <input
          id={id}
          name={id}
          // the union type of <input> props does not accept a computed type; both values are valid
          type={(show ? 'text' : 'password') as 'password'}
          autoComplete={autoComplete}
          required
          value={value}
          onInput={(e) => onInput(e.currentTarget.value)}
          data-testid={testid}
          {...describedBy(id, { error, hint: !!hint })}
        />
        <button
          type="button"
          class="btn btn--ghost btn--small"
          aria-pressed={show}
          aria-label={show ? `Hide ${label.toLowerCase()}` : `Show ${label.toLowerCase()}`}
          onClick={() => setShow((s) => !s)}
        >
          {show ? 'Hide' : 'Show'}
        </button>
      </div>
    </Field>
  );
}

export function SignIn() {
  const { setUser } = useAuth();
  const { query } = useLocation();
  const [email, setEmail] = useState(query.get('email') ?? '');
  const [password, setPassword] = useState('');
  const [errors, setErrors] = useState<Errors>({});
  const [banner, setBanner] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const notice = query.get('notice');

  async function submit(e: Event) {
    e.preventDefault();
    const errs: Errors = {};
    if (!email.trim()) errs.email = 'Enter your email address.';
    if (!password) errs.password = 'Enter your password.';
    setErrors(errs);
    setBanner(null);
    if (Object.keys(errs).length) return;
    setBusy(true);
    try {
      const res = await api.login(email.trim(), password);
      setUser(res.user);
      navigate(safeNext(query.get('next')), { replace: true });
    } catch (err) {
      const s = splitErrors(err, ['email', 'password']);
      setErrors(s.fields);
      setBanner(s.banner);
      setBusy(false);
    }
  }

  return (
    <AuthShell
      title="Sign in"
      footer={
        <p>
          New to jobrec? <Link href="/signup">Create an account</Link>
        </p>
      }
    >
      {notice === 'reset' && <Banner kind="success">Your password was changed. Sign in with the new one.</Banner>}
      {notice === 'expired' && <Banner kind="info">Your session ended. Please sign in again.</Banner>}
      {banner && <Banner kind="error">{banner}</Banner>}
      <form onSubmit={submit} noValidate data-testid="login-form" class="form">
        <EmailField id="login-email" value={email} onInput={setEmail} error={errors.email} testid="login-email" />
        <PasswordField
          id="login-password"
          label="Password"
          value={password}
          onInput={setPassword}
          error={errors.password}
          testid="login-password"
          autoComplete="current-password"
        />
        <button type="submit" class="btn btn--primary btn--block" disabled={busy} data-testid="login-submit">
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
        <p class="form__aside">
          <Link href="/forgot-password" data-testid="forgot-password-link">
            Forgot your password?
          </Link>
        </p>
      </form>
    </AuthShell>
  );
}

export function SignUp() {
  const { setUser } = useAuth();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [errors, setErrors] = useState<Errors>({});
  const [banner, setBanner] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(e: Event) {
    e.preventDefault();
    const errs: Errors = {};
    if (!email.trim()) errs.email = 'Enter your email address.';
    else if (!/^[^\s@]+@[^\s@]+$/.test(email.trim())) errs.email = 'Enter a valid email address.';
    if (!password) errs.password = 'Choose a password.';
    if (password && confirm !== password) errs.password_confirm = 'The two passwords do not match.';
    setErrors(errs);
    setBanner(null);
    if (Object.keys(errs).length) return;
    setBusy(true);
    try {
      await api.signup(email.trim(), password);
    } catch (err) {
      const s = splitErrors(err, ['email', 'password']);
      setErrors(s.fields);
      setBanner(s.banner);
      setBusy(false);
      return;
    }
    // The account exists now; open a session with the same credentials.
    try {
      const res = await api.login(email.trim(), password);
      setUser(res.user);
      navigate('/profile?welcome=1', { replace: true });
    } catch {
      navigate(`/login?email=${encodeURIComponent(email.trim())}`, { replace: true });
    }
  }

  return (
    <AuthShell
      title="Create your account"
      footer={
        <p>
          Already have an account? <Link href="/login">Sign in</Link>
        </p>
      }
    >
      {banner && <Banner kind="error">{banner}</Banner>}
      <form onSubmit={submit} noValidate data-testid="signup-form" class="form">
        <EmailField id="signup-email" value={email} onInput={setEmail} error={errors.email} testid="signup-email" />
        <PasswordField
          id="signup-password"
          label="Password"
          value={password}
          onInput={setPassword}
          error={errors.password}
          testid="signup-password"
          autoComplete="new-password"
        />
        <PasswordField
          id="signup-password-confirm"
          label="Repeat password"
          value={confirm}
          onInput={setConfirm}
          error={errors.password_confirm}
          testid="signup-password-confirm"
          autoComplete="new-password"
        />
        <button type="submit" class="btn btn--primary btn--block" disabled={busy} data-testid="signup-submit">
          {busy ? 'Creating account…' : 'Create account'}
        </button>
      </form>
    </AuthShell>
  );
}

export function ForgotPassword() {
  const [email, setEmail] = useState('');
  const [errors, setErrors] = useState<Errors>({});
  const [banner, setBanner] = useState<string | null>(null);
  const [sentTo, setSentTo] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(e: Event) {
    e.preventDefault();
    setBanner(null);
    if (!email.trim()) {
      setErrors({ email: 'Enter the email address of your account.' });
      return;
    }
    setErrors({});
    setBusy(true);
    try {
      await api.requestPasswordReset(email.trim());
      setSentTo(email.trim());
    } catch (err) {
      const s = splitErrors(err, ['email']);
      setErrors(s.fields);
      setBanner(s.banner);
    } finally {
      setBusy(false);
    }
  }

  return (
    <AuthShell
      title="Reset your password"
      footer={
        <p>
          <Link href="/login">Back to sign in</Link>
        </p>
      }
    >
      {sentTo ? (
        <Banner kind="success" testid="reset-requested">
          If an account exists for <strong>{sentTo}</strong>, we have sent it a link to choose a new password.
          The link works once and expires soon.
        </Banner>
      ) : (
        <>
          <p class="muted">Enter your email and we will send you a link to choose a new password.</p>
          {banner && <Banner kind="error">{banner}</Banner>}
          <form onSubmit={submit} noValidate data-testid="forgot-form" class="form">
            <EmailField id="forgot-email" value={email} onInput={setEmail} error={errors.email} testid="forgot-email" />
            <button type="submit" class="btn btn--primary btn--block" disabled={busy} data-testid="forgot-submit">
              {busy ? 'Sending…' : 'Send reset link'}
            </button>
          </form>
        </>
      )}
    </AuthShell>
  );
}

export function ResetPassword() {
  const { query } = useLocation();
  const token = query.get('token') ?? '';
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [errors, setErrors] = useState<Errors>({});
  const [banner, setBanner] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(e: Event) {
    e.preventDefault();
    const errs: Errors = {};
    if (!password) errs.password = 'Choose a new password.';
    else if (confirm !== password) errs.password_confirm = 'The two passwords do not match.';
    setErrors(errs);
    setBanner(null);
    if (Object.keys(errs).length) return;
    setBusy(true);
    try {
      await api.confirmPasswordReset(token, password);
      navigate('/login?notice=reset', { replace: true });
    } catch (err) {
      const s = splitErrors(err, ['password']);
      setErrors(s.fields);
      setBanner(s.banner);
      setBusy(false);
    }
  }

  return (
    <AuthShell
      title="Choose a new password"
      footer={
        <p>
          <Link href="/login">Back to sign in</Link>
        </p>
      }
    >
      {!token ? (
        <Banner kind="error">
          This reset link is incomplete. Open the link from the email again, or{' '}
          <Link href="/forgot-password">ask for a new one</Link>.
        </Banner>
      ) : (
        <>
          {banner && (
            <Banner kind="error">
              {banner} <Link href="/forgot-password">Ask for a new link</Link>
            </Banner>
          )}
          <form onSubmit={submit} noValidate data-testid="reset-form" class="form">
            <PasswordField
              id="reset-password"
              label="New password"
              value={password}
              onInput={setPassword}
              error={errors.password}
              testid="reset-password"
              autoComplete="new-password"
            />
            <PasswordField
              id="reset-password-confirm"
              label="Repeat new password"
              value={confirm}
              onInput={setConfirm}
              error={errors.password_confirm}
              testid="reset-password-confirm"
              autoComplete="new-password"
            />
            <button type="submit" class="btn btn--primary btn--block" disabled={busy} data-testid="reset-submit">
              {busy ? 'Saving…' : 'Set new password'}
            </button>
          </form>
        </>
      )}
    </AuthShell>
  );
}
