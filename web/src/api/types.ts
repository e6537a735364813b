// Types mirroring the jobrec JSON API (/api/v1). Keep in sync with the server contract.

export interface User {
  id: number;
  email: string;
  is_admin: boolean;
}

export interface WeightedSkill {
  name: string;
  weight: number;
}

export interface WeightedCategory {
  category: string;
  weight: number;
}

export type SalaryPeriod = 'year' | 'month' | 'hour';

export interface MinSalary {
  amount: number;
  currency: string;
  period: SalaryPeriod;
}

export type Education = 'None' | 'Bachelor' | 'Master' | 'PhD';
export type Experience = '0-6 months' | '1-2 years' | '3-5 years' | '6-10 years' | '10+ years';
export type RemotePreference = 'onsite' | 'hybrid' | 'remote' | 'any';

export interface Profile {
  job_titles: string[];
  ideal_job: string;
  sectors: string[];
  technical_skills: WeightedSkill[];
  general_skills: WeightedCategory[];
  /** null when not given */
  education: Education | null;
  /** null when not given */
  experience: Experience | null;
  locations: string[];
  remote: RemotePreference;
  min_salary: MinSalary | null;
  languages: string[];
}

export interface ProfileResponse {
  version: number;
  profile: Profile;
}

export type JobRemote = 'onsite' | 'hybrid' | 'remote' | 'unknown';

export interface JobLocation {
  text: string;
  city?: string | null;
  region?: string | null;
  country?: string | null;
}

export interface JobSalary {
  min: number | null;
  max: number | null;
  currency: string | null;
  period: SalaryPeriod | string | null;
}

export interface Job {
  id: number;
  provider: string;
  url: string;
  title: string;
  company: string;
  location: JobLocation | null;
  remote: JobRemote;
  salary: JobSalary | null;
  employment_type: string | null;
  description: string;
  posted_at: string | null;
  labels?: { onet_soc?: string | null; job_zone?: number | null } | null;
}

export interface JobsPage {
  items: Job[];
  total: number;
  next_cursor: string | null;
}

export type EngineName = 'fasttext' | 'llm' | 'hybrid';

export interface Explanation {
  matched?: string[];
  missing?: string[];
  justification?: string | null;
  dealbreakers?: string[];
  /** LLM engine: why the LLM could not score this posting (then there is no justification). */
  failure?: string | null;
}

export interface Recommendation {
  job: Job;
  score: number | null;
  score_10: number | null;
  scored: boolean;
  explanation?: Explanation | null;
}

export interface RecommendationsResponse {
  engine: EngineName;
  items: Recommendation[];
}

export interface EngineInfo {
  name: EngineName | string;
  available: boolean;
  reason?: string | null;
}

export interface EnginesResponse {
  engines: EngineInfo[];
}

export type ScoringRunState = 'queued' | 'running' | 'done' | 'failed' | 'cancelled' | 'budget_exhausted';

export interface ScoringRun {
  id: number;
  state: ScoringRunState;
  total: number;
  done: number;
  failed: number;
  tokens: number;
  cost: number;
}

export interface ReviewInput {
  score?: number;
  comment: string;
  applied: boolean;
  not_interested: boolean;
}

export interface Review {
  job: Job;
  score: number | null;
  comment: string;
  applied: boolean;
  not_interested: boolean;
  updated_at: string;
}

export interface ReviewsResponse {
  items: Review[];
}

export type RuleState = 'proposed' | 'accepted' | 'rejected';

export interface LearnedRule {
  id: number | string;
  kind: string;
  text: string;
  state: RuleState;
}

/** Terms may arrive as plain strings or as {term, weight} objects; the UI accepts both. */
export type LearnedTerm = string | { term?: string; name?: string; weight?: number };

export interface Insights {
  ratings_over_time: { date: string; count: number; mean_score: number | null }[];
  score_distributions: Record<string, number[]>;
  /** `reason` says why spearman is null (too few rated postings, no LLM scores…). */
  engine_agreement: {
    engine: string;
    spearman: number | null;
    pairs: number;
    pairwise_accuracy?: number | null;
    postings?: number;
    reason?: string | null;
  }[];
  learned: {
    /** null (with feature_weights_reason) when this server learns no feature weights. */
    feature_weights: { name: string; user: number; global: number }[] | null;
    feature_weights_reason?: string | null;
    terms_toward: LearnedTerm[];
    terms_away: LearnedTerm[];
    reviews_used?: number;
  };
  rules: LearnedRule[];
}

export interface SyncStats {
  started_at: string | null;
  finished_at: string | null;
  state: string;
  seen: number;
  new: number;
  updated: number;
  unchanged: number;
  rejected: number;
  expired: number;
}

export interface AdminSource {
  id: number | string;
  name: string;
  kind: string;
  /** null: no schedule (synced on demand, e.g. the demo corpus) */
  interval_minutes: number | null;
  last_sync: SyncStats | null;
}

export interface QueueRow {
  kind: string;
  state: string;
  count: number;
  oldest_age_seconds: number | null;
}

/** GET /admin/workers: the JSON of `jobrec scale status --json` (src/jobrec/tasks/scaling_json.h). */
export interface Worker {
  id: number;
  provider: string;
  instance_id: string | null;
  host: string;
  state: string;
  concurrency: number;
  started_at: string | null;
  last_heartbeat_at: string | null;
  heartbeat_age_seconds: number | null;
  current_task_id: number | null;
  stopped_at: string | null;
  exit_reason: string | null;
}

export interface ScalingDecision {
  id: number;
  decided_at: string;
  provider: string;
  queued: number;
  running: number;
  current_workers: number;
  desired_workers: number;
  action: string;
  count: number;
  reason: string;
}

export interface LlmSpend {
  today: { tokens: number; cost: number };
  by_user: { email: string; tokens: number; cost: number }[];
  by_day: { date: string; tokens: number; cost: number }[];
}
