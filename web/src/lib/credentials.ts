// Client-side checks of the account forms (sign in, sign up, forgot and reset password), run
// before anything is sent. The server checks again and its messages win (shown at the field).

export type CredentialField = 'email' | 'password' | 'password_confirm';
export type CredentialValues = Partial<Record<CredentialField, string>>;
export type CredentialErrors = Partial<Record<CredentialField, string>>;

const EMAIL = /^[^\s@]+@[^\s@]+$/;

function check(rules: [CredentialField, string | false][]): CredentialErrors {
  const errors: CredentialErrors = {};
  for (const [field, message] of rules) if (message && !errors[field]) errors[field] = message;
  return errors;
}

const email = (v: CredentialValues) => (v.email ?? '').trim();

export function validateSignIn(v: CredentialValues): CredentialErrors {
  return check([
    ['email', !email(v) && 'Enter your email address.'],
    ['password', !v.password && 'Enter your password.'],
  ]);
}

export function validateSignUp(v: CredentialValues): CredentialErrors {
  return check([
    ['email', !email(v) && 'Enter your email address.'],
    ['email', !EMAIL.test(email(v)) && 'Enter a valid email address.'],
    ['password', !v.password && 'Choose a password.'],
    ['password_confirm', !!v.password && v.password_confirm !== v.password && 'The two passwords do not match.'],
  ]);
}

export function validateForgot(v: CredentialValues): CredentialErrors {
  return check([['email', !email(v) && 'Enter the email address of your account.']]);
}

export function validateReset(v: CredentialValues): CredentialErrors {
  return check([
    ['password', !v.password && 'Choose a new password.'],
    ['password_confirm', !!v.password && v.password_confirm !== v.password && 'The two passwords do not match.'],
  ]);
}
