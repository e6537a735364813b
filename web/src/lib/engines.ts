// Which recommendation engine to show, from GET /engines.
import type { EngineInfo, EngineName } from '../api/types';
import { ENGINE_ORDER } from './constants';

/** fastText, LLM, hybrid first (in that order), unknown engines after. */
export function sortEngines(list: readonly EngineInfo[]): EngineInfo[] {
  const rank = (n: string) => {
    const i = (ENGINE_ORDER as readonly string[]).indexOf(n);
    return i < 0 ? 99 : i;
  };
  return [...list].sort((a, b) => rank(a.name) - rank(b.name));
}

/**
 * An engine that is not available yet but will be by itself: the server reports the fastText
 * engine as unavailable with the reason "warming up" while it trains or loads its model.
 */
export function isWarming(e: EngineInfo): boolean {
  return !e.available && saysWarmingUp(e.reason ?? '');
}

/** The server's words for an engine still training or loading its model (reasons, 503s). */
export function saysWarmingUp(text: string): boolean {
  return /warming up/i.test(text);
}

/** Can be chosen: available, or warming up (the page then waits for it). */
export function isSelectable(e: EngineInfo): boolean {
  return e.available || isWarming(e);
}

/**
 * The engine to show: the current one while it stays selectable, else the remembered one, else
 * the first selectable in the usual order (so a first visit waits for fastText to warm up rather
 * than spending LLM tokens); null when none is.
 */
export function pickEngine(list: readonly EngineInfo[], current: string | null, remembered: string | null): EngineName | null {
  const ok = (n: string | null) => !!n && list.some((e) => e.name === n && isSelectable(e));
  if (ok(current)) return current as EngineName;
  if (ok(remembered)) return remembered as EngineName;
  return (sortEngines(list).find(isSelectable)?.name as EngineName | undefined) ?? null;
}
