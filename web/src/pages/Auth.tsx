import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import { splitErrors } from '../api/client';
import { api } from '../api/endpoints';
import { useAuth } from '../auth';
import { Banner, describedBy, Field } from '../components/ui';
import { useTitle } from '../hooks';
import {
  type CredentialErrors,
  type CredentialField,
  type CredentialValues,
  validateForgot,
  validateReset,
  validateSignIn,
  validateSignUp,
} from '../lib/credentials';
import { Link, navigate, safeNext, useLocation } from '../router';

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

interface AuthFieldSpec {
  name: CredentialField;
  /** Password fields: the label and what the browser may fill in. */
  label?: string;
  autoComplete?: 'current-password' | 'new-password';
}

interface AuthFormProps {
  /** Prefix of the ids and data-testids: `${id}-form`, `${id}-email`, `${id}-password-confirm`, `${id}-submit`. */
  id: 'login' | 'signup' | 'forgot' | 'reset';
  fields: AuthFieldSpec[];
  initial?: CredentialValues;
  submitLabel: string;
  busyLabel: string;
  validate: (v: CredentialValues) => CredentialErrors;
  /** Sends the form (email already trimmed); a thrown error is shown at its field or as the banner. */
  onSubmit: (v: CredentialValues) => Promise<void>;
  /** Shown after the server's message in the banner. */
  bannerExtra?: ComponentChildren;
  /** Shown under the submit button. */
  children?: ComponentChildren;
}

/** The one account form: fields, client-side checks, busy state, server errors at their field. */
function AuthForm({ id, fields, initial, submitLabel, busyLabel, validate, onSubmit, bannerExtra, children }: AuthFormProps) {
  const [values, setValues] = useState<CredentialValues>(() =>
    Object.fromEntries(fields.map((f) => [f.name, initial?.[f.name] ?? ''])),
  );
  const [errors, setErrors] = useState<CredentialErrors>({});
  const [banner, setBanner] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(e: Event) {
    e.preventDefault();
    const v = values.email === undefined ? values : { ...values, email: values.email.trim() };
    const errs = validate(v);
    setErrors(errs);
    setBanner(null);
    if (Object.keys(errs).length) return;
    setBusy(true);
    try {
      await onSubmit(v);
    } catch (err) {
      const s = splitErrors(err, fields.map((f) => f.name));
      setErrors(s.fields);
      setBanner(s.banner);
    } finally {
      setBusy(false);
    }
  }

  return (
    <>
      {banner && (
        <Banner kind="error">
          {banner}
          {bannerExtra && <> {bannerExtra}</>}
        </Banner>
      )}
      <form onSubmit={submit} noValidate data-testid={`${id}-form`} class="form">
        {fields.map((f) => {
          const fieldId = `${id}-${f.name.replace('_', '-')}`;
          const common = {
            id: fieldId,
            value: values[f.name] ?? '',
            onInput: (v: string) => setValues((old) => ({ ...old, [f.name]: v })),
            error: errors[f.name],
            testid: fieldId,
          };
          return f.name === 'email' ? (
            <EmailField key={f.name} {...common} />
          ) : (
            <PasswordField key={f.name} {...common} label={f.label ?? 'Password'} autoComplete={f.autoComplete ?? 'current-password'} />
          );
        })}
        <button type="submit" class="btn btn--primary btn--block" disabled={busy} data-testid={`${id}-submit`}>
          {busy ? busyLabel : submitLabel}
        </button>
        {children}
      </form>
    </>
  );
}

const backToSignIn = (
  <p>
    <Link href="/login">Back to sign in</Link>
  </p>
);

/** A new password typed twice: "Password" + "Repeat password". */
function newPassword(label: string): AuthFieldSpec[] {
  return [
    { name: 'password', label, autoComplete: 'new-password' },
    { name: 'password_confirm', label: `Repeat ${label.toLowerCase()}`, autoComplete: 'new-password' },
  ];
}

export function SignIn() {
  const { setUser } = useAuth();
  const { query } = useLocation();
  const notice = query.get('notice');

  async function signIn(v: CredentialValues) {
    const res = await api.login(v.email ?? '', v.password ?? '');
    setUser(res.user);
    navigate(safeNext(query.get('next')), { replace: true });
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
      <AuthForm
        id="login"
        fields={[{ name: 'email' }, { name: 'password', autoComplete: 'current-password' }]}
        initial={{ email: query.get('email') ?? '' }}
        submitLabel="Sign in"
        busyLabel="Signing in…"
        validate={validateSignIn}
        onSubmit={signIn}
      >
        <p class="form__aside">
          <Link href="/forgot-password" data-testid="forgot-password-link">
            Forgot your password?
          </Link>
        </p>
      </AuthForm>
    </AuthShell>
  );
}

export function SignUp() {
  const { setUser } = useAuth();

  async function signUp(v: CredentialValues) {
    const email = v.email ?? '';
    const password = v.password ?? '';
    await api.signup(email, password);
    // The account exists now; open a session with the same credentials.
    try {
      const res = await api.login(email, password);
      setUser(res.user);
      navigate('/profile?welcome=1', { replace: true });
    } catch {
      navigate(`/login?email=${encodeURIComponent(email)}`, { replace: true });
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
      <AuthForm
        id="signup"
        fields={[{ name: 'email' }, ...newPassword('Password')]}
        submitLabel="Create account"
        busyLabel="Creating account…"
        validate={validateSignUp}
        onSubmit={signUp}
      />
    </AuthShell>
  );
}

export function ForgotPassword() {
  const [sentTo, setSentTo] = useState<string | null>(null);

  async function request(v: CredentialValues) {
    await api.requestPasswordReset(v.email ?? '');
    setSentTo(v.email ?? '');
  }

  return (
    <AuthShell
      title="Reset your password"
      footer={backToSignIn}
    >
      {sentTo ? (
        <Banner kind="success" testid="reset-requested">
          If an account exists for <strong>{sentTo}</strong>, we have sent it a link to choose a new password.
          The link works once and expires soon.
        </Banner>
      ) : (
        <>
          <p class="muted">Enter your email and we will send you a link to choose a new password.</p>
          <AuthForm
            id="forgot"
            fields={[{ name: 'email' }]}
            submitLabel="Send reset link"
            busyLabel="Sending…"
            validate={validateForgot}
            onSubmit={request}
          />
        </>
      )}
    </AuthShell>
  );
}

export function ResetPassword() {
  const { query } = useLocation();
  const token = query.get('token') ?? '';

  async function reset(v: CredentialValues) {
    await api.confirmPasswordReset(token, v.password ?? '');
    navigate('/login?notice=reset', { replace: true });
  }

  return (
    <AuthShell
      title="Choose a new password"
      footer={backToSignIn}
    >
      {!token ? (
        <Banner kind="error">
          This reset link is incomplete. Open the link from the email again, or{' '}
          <Link href="/forgot-password">ask for a new one</Link>.
        </Banner>
      ) : (
        <AuthForm
          id="reset"
          fields={newPassword('New password')}
          submitLabel="Set new password"
          busyLabel="Saving…"
          validate={validateReset}
          onSubmit={reset}
          bannerExtra={<Link href="/forgot-password">Ask for a new link</Link>}
        />
      )}
    </AuthShell>
  );
}
