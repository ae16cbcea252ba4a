/**
 * What the operator has typed and ticked in the filter bar, and how it becomes the contract's
 * `MessageFilter`. Kept apart from the store so the mapping is a plain, tested function.
 */
import type { MessageFilter } from '../../../../shared/ipc/messages';
import type { MessageStatus } from '../../../../shared/messages/status';
import { fromDateTimeLocal } from '../../i18n/format';

export interface FilterState {
  msgtypes: string[];
  statuses: MessageStatus[];
  sender: string;
  room: string;
  /** `<input type="datetime-local">` values in the operator's zone; '' when open. */
  from: string;
  to: string;
  text: string;
  withProblems: boolean;
  mediaOnly: boolean;
}

export const EMPTY_FILTER: FilterState = {
  msgtypes: [],
  statuses: [],
  sender: '',
  room: '',
  from: '',
  to: '',
  text: '',
  withProblems: false,
  mediaOnly: false,
};

/** The contract caps search text at 200 characters. */
const MAX_TEXT = 200;

/**
 * Builds the request filter. `fixed` is what a screen imposes (the Failed screen always shows
 * failed messages); it wins over what the filter bar says.
 */
export function toMessageFilter(
  state: FilterState,
  fixed: Partial<MessageFilter> = {},
): MessageFilter {
  const filter: MessageFilter = {};

  if (state.msgtypes.length > 0) filter.msgtypes = [...state.msgtypes].sort();
  if (state.statuses.length > 0) filter.statuses = [...state.statuses].sort();

  const sender = state.sender.trim();
  if (sender) filter.sender = sender;
  const room = state.room.trim();
  if (room) filter.room = room;

  const from = fromDateTimeLocal(state.from);
  if (from !== null) filter.from = from;
  const to = fromDateTimeLocal(state.to);
  if (to !== null) filter.to = to;

  const text = state.text.trim().slice(0, MAX_TEXT);
  if (text) filter.text = text;

  if (state.withProblems) filter.withProblems = true;
  if (state.mediaOnly) filter.mediaOnly = true;

  return { ...filter, ...fixed };
}

/** Facet counts for one dimension ignore that dimension's own choice, so other options stay visible. */
export function facetFilter(
  filter: MessageFilter,
  dimension: 'msgtypes' | 'statuses',
  fixed: Partial<MessageFilter> = {},
): MessageFilter {
  const { [dimension]: _dropped, ...rest } = filter;
  return { ...rest, ...fixed };
}

export function isFilterEmpty(state: FilterState): boolean {
  return Object.keys(toMessageFilter(state)).length === 0;
}

/** True when the time range is backwards, which would match nothing. */
export function isRangeBackwards(state: FilterState): boolean {
  const from = fromDateTimeLocal(state.from);
  const to = fromDateTimeLocal(state.to);
  return from !== null && to !== null && from >= to;
}
