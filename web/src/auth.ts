import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { User } from './api/types';

export interface AuthState {
  user: User | null;
  setUser: (u: User | null) => void;
  signOut: () => Promise<void>;
}

export const AuthContext = createContext<AuthState>({
  user: null,
  setUser: () => undefined,
  signOut: async () => undefined,
});

export function useAuth(): AuthState {
  return useContext(AuthContext);
}
