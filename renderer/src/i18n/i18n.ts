/**
 * The current language and `t()`. The language lives in a small store so that stores (which
 * format error sentences) and components read the same one; components use `useT()` so they
 * re-render when it changes.
 */
import { useCallback } from 'react';
import { create } from 'zustand';

import { MSGTYPES, isSupportedMsgtype } from '../../../shared/messages/msgtypes';
import { STATUS_NAMES, type MessageStatus } from '../../../shared/messages/status';
import { en } from './en';
import { formatCount } from './format';
import { DEFAULT_LOCALE, type Locale } from './locale';
import { localizeMainText } from './main-text';
import { zhCN, type MessageKey } from './zh-CN';

export type { MessageKey };

export type Params = Record<string, string | number>;

export const catalogues: Record<Locale, Record<MessageKey, string>> = { 'zh-CN': zhCN, en };

interface LocaleState {
  locale: Locale;
  setLocale(locale: Locale): void;
  reset(): void;
}

export const useLocaleStore = create<LocaleState>()((set) => ({
  locale: DEFAULT_LOCALE,
  setLocale: (locale) => {
    // Screen readers pick their voice from the page's language.
    if (typeof document !== 'undefined') document.documentElement.lang = locale;
    set({ locale });
  },
  reset: () => set({ locale: DEFAULT_LOCALE }),
}));

/** Fills `{name}` placeholders; a missing value stays visible as `{name}` so it gets noticed. */
export function interpolate(template: string, params?: Params): string {
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    Object.hasOwn(params, name) ? String(params[name]) : whole,
  );
}

export function translate(locale: Locale, key: MessageKey, params?: Params): string {
  return interpolate(catalogues[locale][key], params);
}

/** For stores: a count formatted for the language currently shown. */
export function countNow(value: number): string {
  return formatCount(value, useLocaleStore.getState().locale);
}

/** For stores: the sentence in the language currently shown. */
export function tNow(key: MessageKey, params?: Params): string {
  return translate(useLocaleStore.getState().locale, key, params);
}

export type TFunction = (key: MessageKey, params?: Params) => string;

export function useT(): TFunction {
  const locale = useLocaleStore((state) => state.locale);
  return useCallback((key, params) => translate(locale, key, params), [locale]);
}

/** Says a sentence from the main process in the shown language, where it is known (see main-text). */
export function useMainText(): (text: string) => string {
  const locale = useLocaleStore((state) => state.locale);
  return useCallback((text) => localizeMainText(text, locale), [locale]);
}

/** For stores: a sentence from the main process in the language currently shown. */
export function mainTextNow(text: string): string {
  return localizeMainText(text, useLocaleStore.getState().locale);
}

export function useLocale(): Locale {
  return useLocaleStore((state) => state.locale);
}

export function statusName(status: MessageStatus, locale: Locale): string {
  const names = STATUS_NAMES[status];
  return locale === 'zh-CN' ? names.zh : names.en;
}

/** Types outside the known list keep their raw name, which is what the export file says. */
export function msgtypeName(msgtype: string, locale: Locale): string {
  if (!isSupportedMsgtype(msgtype)) return msgtype;
  const info = MSGTYPES[msgtype];
  return locale === 'zh-CN' ? info.zh : info.en;
}
