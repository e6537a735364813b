import type { ComponentChildren } from 'preact';
import { useMemo, useState } from 'preact/hooks';
import type { WeightedCategory, WeightedSkill } from '../api/types';
import { GENERAL_SKILL_CATEGORIES, GENERAL_SKILL_HINTS } from '../lib/constants';
import {
  MAX_WEIGHTED_ITEMS,
  normalizeWeights,
  suggestNewWeight,
  totalWeight,
  WEIGHT_MAX,
  WEIGHT_MIN,
  WEIGHT_STEP,
  WEIGHT_TOTAL,
} from '../lib/weights';
import { ChartCanvas, MUTED, PALETTE } from './Chart';
import { FieldError } from './ui';

interface WeightStatusProps {
  total: number;
  /** How many weights there are (none is a valid, empty list). */
  count: number;
  /** data-testid prefix: `${prefix}-total` (with data-total) and `${prefix}-balance`. */
  prefix: string;
  emptyText: string;
  onBalance: () => void;
  /** The profile field the error belongs to (ids `${field}-error`, `field-error-${field}`). */
  field: string;
  error?: string | null | undefined;
}

/** Under a list of weights: the total and what is left, "Scale to 100%" while it is off, the error. */
function WeightStatus({ total, count, prefix, emptyText, onBalance, field, error }: WeightStatusProps) {
  const empty = count === 0;
  const ok = empty || total === WEIGHT_TOTAL;
  let note: string;
  if (empty) note = emptyText;
  else if (total === WEIGHT_TOTAL) note = 'Total is 100% — ready to save.';
  else if (total < WEIGHT_TOTAL) note = `${WEIGHT_TOTAL - total}% left to assign.`;
  else note = `${total - WEIGHT_TOTAL}% too much.`;
  return (
    <>
      <p class={`weight-total ${ok ? 'weight-total--ok' : 'weight-total--bad'}`} aria-live="polite">
        <span class="weight-total__value" data-testid={`${prefix}-total`} data-total={total}>
          Total: {total}%
        </span>{' '}
        <span class="weight-total__note">{note}</span>
      </p>
      {!ok && (
        <button type="button" class="btn btn--secondary btn--small" onClick={onBalance} data-testid={`${prefix}-balance`}>
          Scale to 100%
        </button>
      )}
      <FieldError id={field} error={error} />
    </>
  );
}

interface WeightsLayoutProps extends WeightStatusProps {
  /** The rows of weights (and anything above the total). */
  children: ComponentChildren;
  pie: { labels: string[]; values: number[]; label: string };
}

/** A list of weights with its total on the left and the live pie chart on the right. */
function WeightsLayout({ children, pie, ...status }: WeightsLayoutProps) {
  return (
    <div class="skills-layout">
      <div class="skills-layout__list">
        {children}
        <WeightStatus {...status} />
      </div>
      <div class="skills-layout__chart">
        <WeightPie {...pie} />
      </div>
    </div>
  );
}

function WeightPie({ labels, values, label }: { labels: string[]; values: number[]; label: string }) {
  const config = useMemo(() => {
    const total = totalWeight(values);
    const data = [...values];
    const lbls = [...labels];
    const colors = labels.map((_, i) => PALETTE[i % PALETTE.length] ?? '#2563eb');
    if (total < WEIGHT_TOTAL) {
      data.push(WEIGHT_TOTAL - total);
      lbls.push('Unassigned');
      colors.push(MUTED);
    }
    return {
      type: 'doughnut' as const,
      data: {
        labels: lbls,
        datasets: [{ data, backgroundColor: colors, borderColor: '#fff', borderWidth: 2 }],
      },
      options: {
        cutout: '55%',
        animation: { duration: 250 },
        plugins: {
          legend: { position: 'bottom' as const, labels: { boxWidth: 12, padding: 10 } },
          tooltip: { callbacks: { label: (c: { label: string; raw: unknown }) => `${c.label}: ${String(c.raw)}%` } },
        },
      },
    };
  }, [labels.join('\u0000'), values.join(',')]);
  const text = labels.length
    ? `${label}: ${labels.map((l, i) => `${l} ${values[i] ?? 0}%`).join(', ')}`
    : `${label}: nothing yet`;
  return <ChartCanvas config={config} label={text} height={260} />;
}

interface TechProps {
  skills: WeightedSkill[];
  onChange: (s: WeightedSkill[]) => void;
  error?: string | undefined;
}

export function TechnicalSkillsEditor({ skills, onChange, error }: TechProps) {
  const [name, setName] = useState('');
  const [addError, setAddError] = useState<string | null>(null);
  const weights = skills.map((s) => s.weight);
  const total = totalWeight(weights);
  const full = skills.length >= MAX_WEIGHTED_ITEMS;

  function add() {
    const n = name.trim();
    if (!n) return;
    if (skills.some((s) => s.name.trim().toLowerCase() === n.toLowerCase())) {
      setAddError(`“${n}” is already in your list.`);
      return;
    }
    onChange([...skills, { name: n, weight: suggestNewWeight(weights) }]);
    setName('');
    setAddError(null);
  }

  function setWeight(i: number, w: number) {
    onChange(skills.map((s, j) => (j === i ? { ...s, weight: w } : s)));
  }

  function balance() {
    const norm = normalizeWeights(weights);
    if (norm) onChange(skills.map((s, i) => ({ ...s, weight: norm[i] ?? s.weight })));
  }

  const shownError = addError ?? error;
  return (
    <fieldset class="fieldset" data-testid="technical-skills">
      <legend>Technical skills</legend>
      <p class="muted">
        Give each skill a weight in steps of {WEIGHT_STEP}%: how much it should count when matching jobs. The
        weights must add up to exactly 100%.
      </p>
      <WeightsLayout
        total={total}
        count={skills.length}
        prefix="skills"
        emptyText="An empty list is fine too."
        onBalance={balance}
        field="technical_skills"
        error={shownError}
        pie={{ labels: skills.map((s, i) => s.name || `Skill ${i + 1}`), values: weights, label: 'Technical skill weights' }}
      >
        {skills.length === 0 && <p class="muted small">No technical skills yet. Add the ones you want to use at work.</p>}
        <ul class="weight-rows">
          {skills.map((s, i) => {
            const rowId = `tech-${i}`;
            return (
              <li class="weight-row" key={i} data-testid="technical-skill-row">
                <div class="weight-row__name">
                  <label class="sr-only" for={`${rowId}-name`}>
                    Skill {i + 1} name
                  </label>
                  <input
                    id={`${rowId}-name`}
                    type="text"
                    value={s.name}
                    onInput={(e) => onChange(skills.map((x, j) => (j === i ? { ...x, name: e.currentTarget.value } : x)))}
                  />
                </div>
                <div class="weight-row__slider">
                  <label class="sr-only" for={`${rowId}-weight`}>
                    Weight of {s.name || `skill ${i + 1}`}
                  </label>
                  <input
                    id={`${rowId}-weight`}
                    type="range"
                    min={WEIGHT_MIN}
                    max={WEIGHT_MAX}
                    step={WEIGHT_STEP}
                    value={s.weight}
                    aria-valuetext={`${s.weight}%`}
                    onInput={(e) => setWeight(i, Number(e.currentTarget.value))}
                    data-testid={`technical-skill-weight-${i}`}
                  />
                  <output for={`${rowId}-weight`} class="weight-row__value">
                    {s.weight}%
                  </output>
                </div>
                <button
                  type="button"
                  class="btn btn--ghost btn--small"
                  aria-label={`Remove ${s.name || `skill ${i + 1}`}`}
                  onClick={() => onChange(skills.filter((_, j) => j !== i))}
                >
                  Remove
                </button>
              </li>
            );
          })}
        </ul>
        <div class="field">
          <label for="tech-add">Add a technical skill</label>
          <div class="input-with-button">
            <input
              id="tech-add"
              type="text"
              value={name}
              disabled={full}
              placeholder={full ? `At most ${MAX_WEIGHTED_ITEMS} skills` : 'e.g. Python, SQL, Kubernetes'}
              aria-describedby={shownError ? 'technical_skills-error' : undefined}
              onInput={(e) => {
                setName(e.currentTarget.value);
                setAddError(null);
              }}
              onKeyDown={(e) => {
                if (e.key === 'Enter') {
                  e.preventDefault();
                  add();
                }
              }}
              data-testid="technical-skill-add-input"
            />
            <button
              type="button"
              class="btn btn--secondary"
              onClick={add}
              disabled={full || !name.trim()}
              data-testid="technical-skill-add"
            >
              Add
            </button>
          </div>
        </div>
      </WeightsLayout>
    </fieldset>
  );
}

interface GeneralProps {
  skills: WeightedCategory[];
  onChange: (s: WeightedCategory[]) => void;
  error?: string | undefined;
}

/** The four fixed categories; weight 0 means "leave it out" (it is omitted from the list). */
export function GeneralSkillsEditor({ skills, onChange, error }: GeneralProps) {
  const weightOf = (c: string) => skills.find((s) => s.category === c)?.weight ?? 0;
  const present = GENERAL_SKILL_CATEGORIES.filter((c) => weightOf(c) > 0);
  const total = totalWeight(present.map(weightOf));

  function setWeight(cat: string, w: number) {
    const next = GENERAL_SKILL_CATEGORIES.map((c) => ({ category: c as string, weight: c === cat ? w : weightOf(c) })).filter(
      (x) => x.weight > 0,
    );
    onChange(next);
  }

  function balance() {
    const norm = normalizeWeights(present.map(weightOf));
    if (norm) onChange(present.map((c, i) => ({ category: c, weight: norm[i] ?? weightOf(c) })));
  }

  return (
    <fieldset class="fieldset" data-testid="general-skills">
      <legend>General skills</legend>
      <p class="muted">
        How much each kind of skill matters in the job you want. Set a category to 0% to leave it out; the rest
        must add up to 100%.
      </p>
      <WeightsLayout
        total={total}
        count={present.length}
        prefix="general-skills"
        emptyText="Nothing selected — that is allowed."
        onBalance={balance}
        field="general_skills"
        error={error}
        pie={{ labels: [...present], values: present.map(weightOf), label: 'General skill weights' }}
      >
        <ul class="weight-rows">
          {GENERAL_SKILL_CATEGORIES.map((c, i) => {
            const id = `general-${i}`;
            const w = weightOf(c);
            return (
              <li class="weight-row weight-row--category" key={c}>
                <div class="weight-row__name">
                  <label for={id}>{c}</label>
                  <span class="field__hint">{GENERAL_SKILL_HINTS[c]}</span>
                </div>
                <div class="weight-row__slider">
                  <input
                    id={id}
                    type="range"
                    min={0}
                    max={WEIGHT_MAX}
                    step={WEIGHT_STEP}
                    value={w}
                    aria-valuetext={w === 0 ? 'not included' : `${w}%`}
                    onInput={(e) => setWeight(c, Number(e.currentTarget.value))}
                    data-testid={`general-skill-weight-${i}`}
                  />
                  <output for={id} class="weight-row__value">
                    {w === 0 ? '—' : `${w}%`}
                  </output>
                </div>
              </li>
            );
          })}
        </ul>
      </WeightsLayout>
    </fieldset>
  );
}
