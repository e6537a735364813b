import { describe, expect, it } from 'vitest';
import { validateForgot, validateReset, validateSignIn, validateSignUp } from './credentials';

describe('account form checks', () => {
  it('sign in needs an email and a password', () => {
    expect(validateSignIn({ email: '  ', password: '' })).toEqual({
      email: 'Enter your email address.',
      password: 'Enter your password.',
    });
    expect(validateSignIn({ email: 'a@b.c', password: 'x' })).toEqual({});
  });

  it('sign up checks the email shape and that the passwords match', () => {
    expect(validateSignUp({ email: '', password: '', password_confirm: '' })).toEqual({
      email: 'Enter your email address.',
      password: 'Choose a password.',
    });
    expect(validateSignUp({ email: 'not-an-email', password: 'p', password_confirm: 'p' })).toEqual({
      email: 'Enter a valid email address.',
    });
    expect(validateSignUp({ email: ' ada@example.com ', password: 'p1', password_confirm: 'p2' })).toEqual({
      password_confirm: 'The two passwords do not match.',
    });
    expect(validateSignUp({ email: 'ada@example.com', password: 'p', password_confirm: 'p' })).toEqual({});
  });

  it('forgot password needs the email', () => {
    expect(validateForgot({ email: '' })).toEqual({ email: 'Enter the email address of your account.' });
    expect(validateForgot({ email: 'a@b.c' })).toEqual({});
  });

  it('reset needs a new password, typed twice', () => {
    expect(validateReset({ password: '', password_confirm: '' })).toEqual({ password: 'Choose a new password.' });
    expect(validateReset({ password: 'a', password_confirm: 'b' })).toEqual({
      password_confirm: 'The two passwords do not match.',
    });
    expect(validateReset({ password: 'a', password_confirm: 'a' })).toEqual({});
  });
});
