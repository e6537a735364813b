-- Accounts, sessions, password resets, rate limits and profiles, with row-level security.
--
-- Roles (cluster-wide, so created only when missing):
--   jobrec_api    what every API request runs as (store: SET LOCAL ROLE inside the request's
--                 transaction, with jobrec.user_id set for that transaction). Not the owner of
--                 any table, no BYPASSRLS: policies below decide what it sees.
--   jobrec_admin  what admin endpoints run as, after the API checked users.is_admin.
-- Before a user id exists (sign-up, login, session lookup, reset) the API calls the
-- SECURITY DEFINER auth_* functions below, each doing one narrow thing.
-- The roles themselves are created by 0010_sources.sql, which runs first and grants to them.
-- SET ROLE needs membership; the owner is whoever runs the migrations.
DO $$
BEGIN
  EXECUTE format('GRANT jobrec_api, jobrec_admin TO %I', current_user);
EXCEPTION WHEN others THEN NULL;  -- a superuser needs no membership
END
$$;
GRANT USAGE ON SCHEMA public TO jobrec_api, jobrec_admin;

-- The caller's user id for this transaction, or NULL (which matches no row).
CREATE FUNCTION jobrec_current_user_id() RETURNS bigint
  LANGUAGE sql STABLE AS $$ SELECT nullif(current_setting('jobrec.user_id', true), '')::bigint $$;

CREATE TABLE users (
  id                  bigserial PRIMARY KEY,
  email               text        NOT NULL CHECK (length(email) BETWEEN 3 AND 254),
  password_hash       text        NOT NULL CHECK (password_hash LIKE '$argon2id$%'),
  is_admin            boolean     NOT NULL DEFAULT false,
  created_at          timestamptz NOT NULL DEFAULT now(),
  password_changed_at timestamptz NOT NULL DEFAULT now()
);
-- One account per address whatever its case: Alice@x and alice@x are one person in practice.
CREATE UNIQUE INDEX users_email_unique ON users (lower(email));
ALTER TABLE users ENABLE ROW LEVEL SECURITY;
CREATE POLICY users_self ON users TO jobrec_api USING (id = jobrec_current_user_id());
CREATE POLICY users_admin ON users TO jobrec_admin USING (true);
-- The password hash is never readable by the API role, even for the caller's own row.
GRANT SELECT (id, email, is_admin, created_at) ON users TO jobrec_api, jobrec_admin;

CREATE TABLE sessions (
  id           bigserial PRIMARY KEY,
  user_id      bigint      NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  token_hash   text        NOT NULL UNIQUE,
  csrf_hash    text,       -- cookie sessions only: hash of the token X-CSRF-Token must carry
  kind         text        NOT NULL CHECK (kind IN ('cookie', 'bearer')),
  created_at   timestamptz NOT NULL DEFAULT now(),
  last_seen_at timestamptz NOT NULL DEFAULT now(),
  expires_at   timestamptz NOT NULL,
  revoked_at   timestamptz
);
CREATE INDEX sessions_user ON sessions (user_id);
ALTER TABLE sessions ENABLE ROW LEVEL SECURITY;
CREATE POLICY sessions_self ON sessions TO jobrec_api USING (user_id = jobrec_current_user_id());
GRANT SELECT (id, user_id, kind, created_at, last_seen_at, expires_at, revoked_at) ON sessions TO jobrec_api;
GRANT UPDATE (revoked_at) ON sessions TO jobrec_api;

CREATE TABLE password_resets (
  token_hash text        PRIMARY KEY,
  user_id    bigint      NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  used_at    timestamptz
);
ALTER TABLE password_resets ENABLE ROW LEVEL SECURITY;  -- no policy: definer functions only

-- Fixed-window counters shared by every API replica.
CREATE TABLE rate_limit_hits (
  bucket       text        NOT NULL,
  window_start timestamptz NOT NULL,
  hits         integer     NOT NULL,
  PRIMARY KEY (bucket, window_start)
);
ALTER TABLE rate_limit_hits ENABLE ROW LEVEL SECURITY;  -- no policy: definer function only

CREATE TABLE profiles (
  user_id    bigint      PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
  version    integer     NOT NULL CHECK (version >= 1),
  data       jsonb       NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);
ALTER TABLE profiles ENABLE ROW LEVEL SECURITY;
CREATE POLICY profiles_self ON profiles TO jobrec_api
  USING (user_id = jobrec_current_user_id()) WITH CHECK (user_id = jobrec_current_user_id());
GRANT SELECT, INSERT, UPDATE ON profiles TO jobrec_api;

-- Every saved version, so scores cached per version stay explainable.
CREATE TABLE profile_versions (
  user_id    bigint      NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  version    integer     NOT NULL,
  data       jsonb       NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (user_id, version)
);
ALTER TABLE profile_versions ENABLE ROW LEVEL SECURITY;
CREATE POLICY profile_versions_self ON profile_versions TO jobrec_api
  USING (user_id = jobrec_current_user_id()) WITH CHECK (user_id = jobrec_current_user_id());
GRANT SELECT, INSERT ON profile_versions TO jobrec_api;

-- ---------------------------------------------------------------------------------------------
-- Functions the API calls as jobrec_api (SECURITY INVOKER: row-level security applies).

CREATE FUNCTION me() RETURNS TABLE (id bigint, email text, is_admin boolean, created_at timestamptz)
  LANGUAGE sql STABLE AS $$
  SELECT u.id, u.email, u.is_admin, u.created_at FROM users u WHERE u.id = jobrec_current_user_id()
$$;

CREATE FUNCTION profile_get() RETURNS TABLE (version integer, data jsonb, updated_at timestamptz)
  LANGUAGE sql STABLE AS $$
  SELECT p.version, p.data, p.updated_at FROM profiles p WHERE p.user_id = jobrec_current_user_id()
$$;

-- Saves the caller's profile and returns its new version (1 for the first save).
CREATE FUNCTION profile_put(new_data jsonb) RETURNS integer
  LANGUAGE plpgsql AS $$
DECLARE
  uid bigint := jobrec_current_user_id();
  new_version integer;
BEGIN
  IF uid IS NULL THEN
    RAISE EXCEPTION 'no user in this transaction' USING ERRCODE = 'insufficient_privilege';
  END IF;
  INSERT INTO profiles AS p (user_id, version, data) VALUES (uid, 1, new_data)
  ON CONFLICT (user_id) DO UPDATE SET version = p.version + 1, data = EXCLUDED.data, updated_at = now()
  RETURNING p.version INTO new_version;
  INSERT INTO profile_versions (user_id, version, data) VALUES (uid, new_version, new_data);
  RETURN new_version;
END
$$;

-- Revokes the caller's session identified by its token hash (logout). A definer function because
-- sessions.token_hash is not readable by jobrec_api; it applies the caller filter itself.
CREATE FUNCTION session_revoke(session_token_hash text) RETURNS boolean
  LANGUAGE sql SECURITY DEFINER SET search_path = public, pg_temp AS $$
  WITH revoked AS (
    UPDATE sessions SET revoked_at = now()
    WHERE token_hash = session_token_hash AND revoked_at IS NULL
      AND user_id = jobrec_current_user_id()
    RETURNING 1)
  SELECT count(*) > 0 FROM revoked
$$;

-- ---------------------------------------------------------------------------------------------
-- SECURITY DEFINER functions for the steps before a user id is known. Each takes only what it
-- needs and returns only what the caller may learn.

-- New account; unique_violation (23505) when the email is taken.
CREATE FUNCTION auth_signup(new_email text, new_password_hash text) RETURNS bigint
  LANGUAGE sql SECURITY DEFINER SET search_path = public, pg_temp AS $$
  INSERT INTO users (email, password_hash) VALUES (new_email, new_password_hash) RETURNING id
$$;

-- The account to check a password against; no row when the email is unknown.
CREATE FUNCTION auth_login_lookup(login_email text)
  RETURNS TABLE (user_id bigint, password_hash text)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
  SELECT id, password_hash FROM users WHERE lower(email) = lower(login_email)
$$;

CREATE FUNCTION auth_session_create(owner bigint, new_token_hash text, new_csrf_hash text,
                                    session_kind text, ttl interval)
  RETURNS timestamptz
  LANGUAGE sql SECURITY DEFINER SET search_path = public, pg_temp AS $$
  INSERT INTO sessions (user_id, token_hash, csrf_hash, kind, expires_at)
  VALUES (owner, new_token_hash, new_csrf_hash, session_kind, now() + ttl)
  RETURNING expires_at
$$;

-- Resolves a live session and slides its expiry to now() + ttl (written at most once a minute,
-- so a busy client does not write on every request). No row: unknown, expired or revoked.
CREATE FUNCTION auth_session_resolve(lookup_token_hash text, ttl interval)
  RETURNS TABLE (user_id bigint, email text, is_admin boolean, kind text, csrf_hash text,
                 expires_at timestamptz)
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  s sessions%ROWTYPE;
BEGIN
  SELECT * INTO s FROM sessions
  WHERE token_hash = lookup_token_hash AND revoked_at IS NULL AND sessions.expires_at > now();
  IF NOT FOUND THEN
    RETURN;
  END IF;
  IF s.last_seen_at < now() - interval '1 minute' THEN
    UPDATE sessions SET last_seen_at = now(), expires_at = greatest(sessions.expires_at, now() + ttl)
    WHERE id = s.id RETURNING sessions.expires_at INTO s.expires_at;
  END IF;
  RETURN QUERY SELECT u.id, u.email, u.is_admin, s.kind, s.csrf_hash, s.expires_at
               FROM users u WHERE u.id = s.user_id;
END
$$;

-- Records a reset token for the account with this email, if there is one, and returns the
-- account's email as stored (to mail to) or no row.
CREATE FUNCTION auth_password_reset_create(reset_email text, new_token_hash text, ttl interval)
  RETURNS TABLE (email text)
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  uid bigint;
  stored_email text;
BEGIN
  SELECT id, users.email INTO uid, stored_email FROM users WHERE lower(users.email) = lower(reset_email);
  IF NOT FOUND THEN
    RETURN;
  END IF;
  DELETE FROM password_resets WHERE expires_at < now() - interval '1 day';
  INSERT INTO password_resets (token_hash, user_id, expires_at) VALUES (new_token_hash, uid, now() + ttl);
  RETURN QUERY SELECT stored_email;
END
$$;

-- Uses a reset token once: sets the new password, revokes every session of the account and
-- every other outstanding reset token. Returns the user id, or no row for an unknown, used or
-- expired token.
CREATE FUNCTION auth_password_reset_confirm(lookup_token_hash text, new_password_hash text)
  RETURNS TABLE (user_id bigint)
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  uid bigint;
BEGIN
  UPDATE password_resets SET used_at = now()
  WHERE token_hash = lookup_token_hash AND used_at IS NULL AND expires_at > now()
  RETURNING password_resets.user_id INTO uid;
  IF NOT FOUND THEN
    RETURN;
  END IF;
  UPDATE users SET password_hash = new_password_hash, password_changed_at = now() WHERE id = uid;
  UPDATE sessions SET revoked_at = now() WHERE sessions.user_id = uid AND revoked_at IS NULL;
  UPDATE password_resets SET used_at = now() WHERE password_resets.user_id = uid AND used_at IS NULL;
  RETURN QUERY SELECT uid;
END
$$;

-- Counts one hit in the current fixed window of `window_length` for `bucket`. Returns 0 when
-- the hit is allowed, else the seconds until the window ends (for Retry-After).
CREATE FUNCTION auth_rate_limit_hit(bucket_key text, window_length interval, max_hits integer)
  RETURNS integer
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  epoch double precision := extract(epoch FROM now());
  len double precision := extract(epoch FROM window_length);
  start timestamptz := to_timestamp(floor(epoch / len) * len);
  count_now integer;
BEGIN
  INSERT INTO rate_limit_hits AS r (bucket, window_start, hits) VALUES (bucket_key, start, 1)
  ON CONFLICT (bucket, window_start) DO UPDATE SET hits = r.hits + 1
  RETURNING hits INTO count_now;
  IF random() < 0.01 THEN
    DELETE FROM rate_limit_hits WHERE window_start < now() - interval '1 day';
  END IF;
  IF count_now <= max_hits THEN
    RETURN 0;
  END IF;
  RETURN greatest(1, ceil(extract(epoch FROM (start + window_length) - now())))::integer;
END
$$;

REVOKE ALL ON FUNCTION auth_signup(text, text), auth_login_lookup(text),
  auth_session_create(bigint, text, text, text, interval), auth_session_resolve(text, interval),
  auth_password_reset_create(text, text, interval), auth_password_reset_confirm(text, text),
  auth_rate_limit_hit(text, interval, integer), session_revoke(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION auth_signup(text, text), auth_login_lookup(text),
  auth_session_create(bigint, text, text, text, interval), auth_session_resolve(text, interval),
  auth_password_reset_create(text, text, interval), auth_password_reset_confirm(text, text),
  auth_rate_limit_hit(text, interval, integer), session_revoke(text) TO jobrec_api;
GRANT EXECUTE ON FUNCTION me(), profile_get(), profile_put(jsonb), jobrec_current_user_id()
  TO jobrec_api;
