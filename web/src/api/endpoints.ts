import { http } from './client';
import type {
  AdminSource,
  EngineName,
  EnginesResponse,
  Insights,
  JobsPage,
  LlmSpend,
  Profile,
  ProfileResponse,
  QueueRow,
  RecommendationsResponse,
  Review,
  ReviewInput,
  ReviewsResponse,
  ScalingDecision,
  ScoringRun,
  User,
  Worker,
} from './types';

export interface LoginResponse {
  user: User;
  access_token?: string;
  csrf_token?: string;
}

export interface RecommendationFilters {
  remote?: string;
  location?: string;
  min_salary?: number | null;
  posted_within_days?: number | null;
}

const enc = encodeURIComponent;

export const api = {
  signup: (email: string, password: string) => http.post<{ user: User }>('/auth/signup', { email, password }),
  async login(email: string, password: string): Promise<LoginResponse> {
    const res = await http.post<LoginResponse>('/auth/login', { email, password });
    http.setFallbackCsrf(res?.csrf_token ?? null);
    return res;
  },
  async logout(): Promise<void> {
    try {
      await http.post<void>('/auth/logout');
    } finally {
      http.setFallbackCsrf(null);
    }
  },
  me: () => http.get<{ user: User }>('/me'),
  requestPasswordReset: (email: string) => http.post<void>('/auth/password-reset', { email }),
  confirmPasswordReset: (token: string, password: string) =>
    http.post<void>('/auth/password-reset/confirm', { token, password }),

  getProfile: () => http.get<ProfileResponse>('/profile'),
  putProfile: (p: Profile) => http.put<ProfileResponse>('/profile', p),

  jobs: (q: string, limit = 20, cursor?: string | null) => http.get<JobsPage>('/jobs', { query: { q, limit, cursor } }),

  engines: () => http.get<EnginesResponse>('/engines'),
  recommendations: (engine: EngineName, filters: RecommendationFilters, limit = 20, signal?: AbortSignal) =>
    http.get<RecommendationsResponse>('/recommendations', {
      query: { engine, limit, ...filters },
      ...(signal ? { signal } : {}),
    }),

  startScoringRun: (engine: EngineName, limit = 50) => http.post<{ id: number }>('/scoring-runs', { engine, limit }),
  getScoringRun: (id: number) => http.get<ScoringRun>(`/scoring-runs/${enc(String(id))}`),
  cancelScoringRun: (id: number) => http.del(`/scoring-runs/${enc(String(id))}`),

  putReview: (jobId: number, r: ReviewInput) => http.put<Review>(`/jobs/${enc(String(jobId))}/review`, r),
  deleteReview: (jobId: number) => http.del(`/jobs/${enc(String(jobId))}/review`),
  reviews: () => http.get<ReviewsResponse>('/reviews'),

  insights: () => http.get<Insights>('/feedback/insights'),
  acceptRule: (id: number | string) => http.post<unknown>(`/feedback/rules/${enc(String(id))}/accept`),
  rejectRule: (id: number | string) => http.post<unknown>(`/feedback/rules/${enc(String(id))}/reject`),
  deleteRule: (id: number | string) => http.del(`/feedback/rules/${enc(String(id))}`),
  resetLearned: () => http.post<unknown>('/feedback/reset-learned'),

  adminSources: () => http.get<{ items: AdminSource[] }>('/admin/sources'),
  adminSync: (id: number | string) => http.post<unknown>(`/admin/sources/${enc(String(id))}/sync`),
  adminQueue: () => http.get<{ items: QueueRow[] }>('/admin/queue'),
  adminWorkers: () => http.get<{ workers: Worker[]; decisions: ScalingDecision[] }>('/admin/workers'),
  adminLlm: () => http.get<LlmSpend>('/admin/llm'),
};
