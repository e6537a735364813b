import { describe, expect, it } from 'vitest';
import type { EngineInfo } from '../api/types';
import { isSelectable, isWarming, pickEngine, sortEngines } from './engines';

const ft = (available: boolean, reason?: string): EngineInfo => ({ name: 'fasttext', available, ...(reason ? { reason } : {}) });
const llm = (available: boolean): EngineInfo => ({ name: 'llm', available, ...(available ? {} : { reason: 'Set JOBREC_LLM_PROVIDER' }) });
const hybrid: EngineInfo = { name: 'hybrid', available: true };

describe('engines', () => {
  it('sorts fastText, LLM, hybrid, then unknown ones', () => {
    const names = sortEngines([{ name: 'bm25', available: true }, hybrid, llm(true), ft(true)]).map((e) => e.name);
    expect(names).toEqual(['fasttext', 'llm', 'hybrid', 'bm25']);
  });

  it('knows a warming engine from its reason', () => {
    expect(isWarming(ft(false, 'warming up'))).toBe(true);
    expect(isWarming(ft(false, 'failed: no postings'))).toBe(false);
    expect(isWarming(ft(true))).toBe(false);
    expect(isSelectable(ft(false, 'warming up'))).toBe(true);
    expect(isSelectable(llm(false))).toBe(false);
  });

  it('waits for a warming fastText rather than switching to the LLM on a first visit', () => {
    expect(pickEngine([ft(false, 'warming up'), llm(true)], null, null)).toBe('fasttext');
  });

  it('keeps the current choice, then the remembered one, while selectable', () => {
    const list = [ft(true), llm(true), hybrid];
    expect(pickEngine(list, 'hybrid', 'llm')).toBe('hybrid');
    expect(pickEngine(list, null, 'llm')).toBe('llm');
    expect(pickEngine([ft(true), llm(false)], 'llm', 'llm')).toBe('fasttext');
    expect(pickEngine(list, null, 'nonsense')).toBe('fasttext');
  });

  it('returns null when nothing can be chosen', () => {
    expect(pickEngine([ft(false, 'failed: x'), llm(false)], null, null)).toBeNull();
    expect(pickEngine([], null, null)).toBeNull();
  });
});
