import { useCallback, useEffect, useRef, useState } from 'react';
import { parseViewState, serializeViewState, type ViewState } from './viewState.js';

export type UpdateView = (change: Partial<ViewState>, options?: { replace?: boolean }) => void;

/**
 * The view state, kept in the address bar. Camera moves replace the history
 * entry (no entry per pan); other changes push one, so Back undoes a filter
 * or a selection.
 */
export function useViewState(): [ViewState, UpdateView] {
  const [view, setView] = useState<ViewState>(() => parseViewState(window.location.search));
  const current = useRef(view);

  useEffect(() => {
    const onPop = () => {
      current.current = parseViewState(window.location.search);
      setView(current.current);
    };
    window.addEventListener('popstate', onPop);
    return () => window.removeEventListener('popstate', onPop);
  }, []);

  const update = useCallback<UpdateView>((change, options = {}) => {
    const next = { ...current.current, ...change };
    current.current = next;
    const url = `${window.location.pathname}${serializeViewState(next)}${window.location.hash}`;
    if (options.replace) window.history.replaceState(null, '', url);
    else window.history.pushState(null, '', url);
    setView(next);
  }, []);

  return [view, update];
}
