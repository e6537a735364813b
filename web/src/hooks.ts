import { useCallback, useEffect, useRef, useState } from 'preact/hooks';

export interface Resource<T> {
  data: T | null;
  error: unknown;
  loading: boolean;
  reload: () => void;
  setData: (d: T | null) => void;
}

/** Load data on mount (and when deps change); ignores answers that arrive after a newer request. */
export function useResource<T>(load: () => Promise<T>, deps: readonly unknown[] = []): Resource<T> {
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [loading, setLoading] = useState(true);
  const [tick, setTick] = useState(0);
  const seq = useRef(0);

  useEffect(() => {
    const my = ++seq.current;
    setLoading(true);
    setError(null);
    load().then(
      (d) => {
        if (seq.current !== my) return;
        setData(d);
        setLoading(false);
      },
      (e: unknown) => {
        if (seq.current !== my) return;
        setError(e);
        setLoading(false);
      },
    );
    return () => {
      // a newer effect run (or unmount) makes this answer stale
      if (seq.current === my) seq.current++;
    };
  }, [...deps, tick]);

  const reload = useCallback(() => setTick((t) => t + 1), []);
  return { data, error, loading, reload, setData };
}

/** Set document.title for a page. */
export function useTitle(title: string): void {
  useEffect(() => {
    document.title = title ? `${title} · jobrec` : 'jobrec';
  }, [title]);
}
