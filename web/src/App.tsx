import type { ComponentChildren, ComponentType } from 'preact';
import { useCallback, useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { ApiError, http } from './api/client';
import { api } from './api/endpoints';
import type { User } from './api/types';
import { AuthContext, type AuthState, useAuth } from './auth';
import { ErrorBanner, Loading, PageHeader } from './components/ui';
import { useTitle } from './hooks';
import { AdminPage } from './pages/Admin';
import { ForgotPassword, ResetPassword, SignIn, SignUp } from './pages/Auth';
import { InsightsPage } from './pages/Insights';
import { ProfilePage } from './pages/Profile';
import { RatingsPage } from './pages/Ratings';
import { RecommendationsPage } from './pages/Recommendations';
import { Link, navigate, useLocation } from './router';

const PUBLIC: Record<string, ComponentType> = {
  '/login': SignIn,
  '/signup': SignUp,
  '/forgot-password': ForgotPassword,
  '/reset-password': ResetPassword,
};

const PRIVATE: Record<string, ComponentType> = {
  '/recommendations': RecommendationsPage,
  '/profile': ProfilePage,
  '/ratings': RatingsPage,
  '/insights': InsightsPage,
  '/admin': AdminPage,
};

const NAV: { href: string; label: string; admin?: boolean }[] = [
  { href: '/recommendations', label: 'Recommendations' },
  { href: '/profile', label: 'Profile' },
  { href: '/ratings', label: 'My ratings' },
  { href: '/insights', label: 'Insights' },
  { href: '/admin', label: 'Admin', admin: true },
];

type Status = { kind: 'loading' } | { kind: 'ready'; user: User | null } | { kind: 'error'; error: unknown };

function Redirect({ to }: { to: string }) {
  useEffect(() => navigate(to, { replace: true }), [to]);
  return null;
}

export function App() {
  const loc = useLocation();
  const [status, setStatus] = useState<Status>({ kind: 'loading' });

  const loadMe = useCallback(() => {
    setStatus({ kind: 'loading' });
    api.me().then(
      (r) => setStatus({ kind: 'ready', user: r.user }),
      (e: unknown) => {
        if (e instanceof ApiError && (e.status === 401 || e.status === 403)) setStatus({ kind: 'ready', user: null });
        else setStatus({ kind: 'error', error: e });
      },
    );
  }, []);

  useEffect(loadMe, [loadMe]);

  // A 401 on any other call means the session ended: go back to sign-in and come back after.
  useEffect(() => {
    http.setUnauthorizedHandler((path) => {
      if (path === '/me' || path.startsWith('/auth/')) return;
      setStatus({ kind: 'ready', user: null });
      const here = window.location.pathname + window.location.search;
      navigate(`/login?notice=expired&next=${encodeURIComponent(here)}`, { replace: true });
    });
    return () => http.setUnauthorizedHandler(null);
  }, []);

  const auth: AuthState = useMemo(
    () => ({
      user: status.kind === 'ready' ? status.user : null,
      setUser: (u) => setStatus({ kind: 'ready', user: u }),
      signOut: async () => {
        try {
          await api.logout();
        } catch {
          /* the session is dropped client-side either way */
        }
        setStatus({ kind: 'ready', user: null });
        navigate('/login', { replace: true });
      },
    }),
    [status],
  );

  if (status.kind === 'loading') {
    return (
      <div class="boot">
        <Loading label="Starting jobrec…" />
      </div>
    );
  }
  if (status.kind === 'error') {
    return (
      <div class="boot">
        <ErrorBanner error={status.error} onRetry={loadMe} />
      </div>
    );
  }

  const user = status.user;
  const path = loc.path.length > 1 ? loc.path.replace(/\/+$/, '') : loc.path;

  let content: ComponentChildren;
  const Public = PUBLIC[path];
  const Private = PRIVATE[path];
  if (Public) {
    content = user && (path === '/login' || path === '/signup') ? <Redirect to="/recommendations" /> : <Public />;
  } else if (path === '/') {
    content = <Redirect to={user ? '/recommendations' : '/login'} />;
  } else if (Private) {
    content = user ? (
      <Layout path={path}>
        <Private />
      </Layout>
    ) : (
      <Redirect to={`/login?next=${encodeURIComponent(path + window.location.search)}`} />
    );
  } else {
    content = user ? (
      <Layout path={path}>
        <NotFound />
      </Layout>
    ) : (
      <NotFound />
    );
  }

  return <AuthContext.Provider value={auth}>{content}</AuthContext.Provider>;
}

function NotFound() {
  useTitle('Not found');
  return (
    <div class="container">
      <PageHeader title="Page not found" />
      <p>
        There is nothing at this address. <Link href="/">Go to the start page</Link>.
      </p>
    </div>
  );
}

function Layout({ path, children }: { path: string; children: ComponentChildren }) {
  const { user, signOut } = useAuth();
  const main = useRef<HTMLElement>(null);
  const first = useRef(true);

  // Move focus to the new page's heading after in-app navigation (not on first load).
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    const id = window.setTimeout(() => main.current?.querySelector<HTMLElement>('h1')?.focus(), 0);
    return () => window.clearTimeout(id);
  }, [path]);

  return (
    <div class="app">
      <a class="skip-link" href="#main">
        Skip to content
      </a>
      <header class="topbar">
        <div class="topbar__inner">
          <Link href="/recommendations" class="brand" aria-label="jobrec home">
            <span class="logo" aria-hidden="true">
              jr
            </span>
            <span class="brand__name">jobrec</span>
          </Link>
          <nav class="nav" aria-label="Main">
            <ul>
              {NAV.filter((n) => !n.admin || user?.is_admin).map((n) => (
                <li key={n.href}>
                  <Link
                    href={n.href}
                    class={`nav__link${path === n.href ? ' nav__link--active' : ''}`}
                    aria-current={path === n.href ? 'page' : undefined}
                    data-testid={`nav-${n.href.slice(1)}`}
                  >
                    {n.label}
                  </Link>
                </li>
              ))}
            </ul>
          </nav>
          <div class="user">
            <span class="user__email" title={user?.email} data-testid="user-email">
              {user?.email}
            </span>
            <button type="button" class="btn btn--ghost btn--small" onClick={() => void signOut()} data-testid="logout-button">
              Sign out
            </button>
          </div>
        </div>
      </header>
      <main id="main" ref={main} class="container" tabIndex={-1}>
        {children}
      </main>
    </div>
  );
}
