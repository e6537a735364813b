import { useState } from 'preact/hooks';

interface Props {
  id: string;
  label: string;
  values: string[];
  onChange: (values: string[]) => void;
  placeholder?: string;
  /** Return an error message to refuse the value, or null to accept it (after trimming). */
  check?: (value: string, values: string[]) => string | null;
  /** Transform before adding (e.g. lower-case). */
  normalize?: (value: string) => string;
  display?: (value: string) => string;
  error?: string | undefined;
  hint?: string;
  testid?: string;
  max?: number;
}

/** A list of short strings shown as removable chips, with an input + Add button. */
export function TagInput(props: Props) {
  const { id, label, values, onChange, placeholder, check, normalize, display, error, hint, testid, max } = props;
  const [text, setText] = useState('');
  const [localError, setLocalError] = useState<string | null>(null);
  const full = max !== undefined && values.length >= max;

  function add() {
    const raw = text.trim();
    if (!raw) return;
    const v = normalize ? normalize(raw) : raw;
    if (values.some((x) => x.toLowerCase() === v.toLowerCase())) {
      setLocalError(`“${v}” is already in the list.`);
      return;
    }
    const problem = check ? check(v, values) : null;
    if (problem) {
      setLocalError(problem);
      return;
    }
    onChange([...values, v]);
    setText('');
    setLocalError(null);
  }

  const shownError = localError ?? error;
  const describedBy = [hint ? `${id}-hint` : '', shownError ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;

  return (
    <div class={`field tag-input${shownError ? ' field--error' : ''}`} data-testid={testid}>
      <label for={id}>{label}</label>
      {values.length > 0 && (
        <ul class="chips" aria-label={`${label}: current entries`}>
          {values.map((v, i) => (
            <li class="chip" key={`${v}-${i}`}>
              <span>{display ? display(v) : v}</span>
              <button
                type="button"
                class="chip__remove"
                aria-label={`Remove ${display ? display(v) : v}`}
                onClick={() => onChange(values.filter((_, j) => j !== i))}
              >
                ✕
              </button>
            </li>
          ))}
        </ul>
      )}
      <div class="input-with-button">
        <input
          id={id}
          type="text"
          value={text}
          placeholder={placeholder}
          disabled={full}
          aria-describedby={describedBy}
          aria-invalid={shownError ? true : undefined}
          onInput={(e) => {
            setText(e.currentTarget.value);
            setLocalError(null);
          }}
          onKeyDown={(e) => {
            if (e.key === 'Enter') {
              e.preventDefault();
              add();
            }
          }}
        />
        <button type="button" class="btn btn--secondary" onClick={add} disabled={full || text.trim() === ''}>
          Add
        </button>
      </div>
      {hint && (
        <p class="field__hint" id={`${id}-hint`}>
          {hint}
        </p>
      )}
      {shownError && (
        <p class="field__error" id={`${id}-error`} data-testid={`field-error-${id}`}>
          {shownError}
        </p>
      )}
    </div>
  );
}
