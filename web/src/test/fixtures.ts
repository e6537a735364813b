import type { Profile } from '../api/types';

/** The profile from the API contract. */
export function sampleProfile(): Profile {
  return {
    job_titles: ['Data Scientist'],
    ideal_job: 'Forecasting for a product team.',
    sectors: ['ICT & Digital'],
    technical_skills: [
      { name: 'Python', weight: 60 },
      { name: 'SQL', weight: 40 },
    ],
    general_skills: [{ category: 'Cognitive & Technical', weight: 100 }],
    education: 'Master',
    experience: '3-5 years',
    locations: ['Lyon, France'],
    remote: 'hybrid',
    min_salary: { amount: 50000, currency: 'EUR', period: 'year' },
    languages: ['fr', 'en'],
  };
}
