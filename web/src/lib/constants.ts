import type { Education, EngineName, Experience, RemotePreference, SalaryPeriod, ScoringRunState } from '../api/types';

export const SECTORS = [
  'Natural Resources',
  'Energy & Utilities',
  'Manufacturing',
  'Infrastructure & Transport',
  'ICT & Digital',
  'Services & Commerce',
  'Public & Social Systems',
] as const;

export const GENERAL_SKILL_CATEGORIES = [
  'Cognitive & Technical',
  'Execution & Operational',
  'Social & Communication',
  'Business & Contextual',
] as const;

export const GENERAL_SKILL_HINTS: Record<string, string> = {
  'Cognitive & Technical': 'analysis, problem solving, technical depth',
  'Execution & Operational': 'organisation, reliability, getting things done',
  'Social & Communication': 'teamwork, writing, presenting, negotiating',
  'Business & Contextual': 'domain knowledge, commercial sense, strategy',
};

export const EDUCATION_LEVELS: readonly Education[] = ['None', 'Bachelor', 'Master', 'PhD'];

export const EXPERIENCE_LEVELS: readonly Experience[] = [
  '0-6 months',
  '1-2 years',
  '3-5 years',
  '6-10 years',
  '10+ years',
];

export const REMOTE_PREFERENCES: readonly RemotePreference[] = ['onsite', 'hybrid', 'remote', 'any'];

export const REMOTE_LABELS: Record<string, string> = {
  onsite: 'On-site',
  hybrid: 'Hybrid',
  remote: 'Remote',
  any: 'Any',
  unknown: 'Not stated',
};

export const SALARY_PERIODS: readonly SalaryPeriod[] = ['year', 'month', 'hour'];

export const COMMON_CURRENCIES = ['EUR', 'USD', 'GBP', 'CHF', 'CAD', 'AUD', 'SEK', 'NOK', 'DKK', 'PLN', 'JPY', 'INR'];

export const ENGINE_LABELS: Record<string, string> = {
  fasttext: 'fastText',
  llm: 'LLM',
  hybrid: 'Hybrid',
};

export const ENGINE_ORDER: readonly EngineName[] = ['fasttext', 'llm', 'hybrid'];

export const TERMINAL_RUN_STATES: readonly ScoringRunState[] = ['done', 'failed', 'cancelled', 'budget_exhausted'];

// Limits enforced by the server's profile validation.
export const MAX_JOB_TITLES = 10;
export const MAX_TITLE_CHARS = 200;
export const MAX_IDEAL_JOB_CHARS = 5000;
export const MAX_SKILL_NAME_CHARS = 100;
export const MAX_LOCATIONS = 20;
export const MAX_LOCATION_CHARS = 200;
export const MAX_LANGUAGES = 20;
export const MAX_SALARY_AMOUNT = 1e9;

/** ISO 639-1 two-letter language codes. */
export const ISO_639_1 = new Set(
  (
    'aa ab ae af ak am an ar as av ay az ba be bg bh bi bm bn bo br bs ca ce ch co cr cs cu cv cy ' +
    'da de dv dz ee el en eo es et eu fa ff fi fj fo fr fy ga gd gl gn gu gv ha he hi ho hr ht hu ' +
    'hy hz ia id ie ig ii ik io is it iu ja jv ka kg ki kj kk kl km kn ko kr ks ku kv kw ky la lb ' +
    'lg li ln lo lt lu lv mg mh mi mk ml mn mr ms mt my na nb nd ne ng nl nn no nr nv ny oc oj om ' +
    'or os pa pi pl ps pt qu rm rn ro ru rw sa sc sd se sg si sk sl sm sn so sq sr ss st su sv sw ' +
    'ta te tg th ti tk tl tn to tr ts tt tw ty ug uk ur uz ve vi vo wa wo xh yi yo za zh zu'
  ).split(' '),
);

/** Languages offered as quick picks in the profile form. */
export const COMMON_LANGUAGES = ['en', 'fr', 'de', 'es', 'it', 'nl', 'pt', 'pl', 'ar', 'zh', 'ja', 'ru'];
