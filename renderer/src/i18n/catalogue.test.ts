import { describe, expect, it } from 'vitest';

import { MSGTYPE_NAMES, MSGTYPES } from '../../../shared/messages/msgtypes';
import { MESSAGE_STATUSES, STATUS_NAMES } from '../../../shared/messages/status';
import { en } from './en';
import { interpolate, msgtypeName, statusName, translate } from './i18n';
import { zhCN } from './zh-CN';

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('the catalogues', () => {
  it('have exactly the same keys in both languages', () => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(zhCN).sort());
  });

  it('use the same placeholders for each key, so no value goes missing in one language', () => {
    for (const key of Object.keys(zhCN) as (keyof typeof zhCN)[]) {
      expect({ key, names: placeholders(en[key]) }).toEqual({
        key,
        names: placeholders(zhCN[key]),
      });
    }
  });

  it('have no empty strings', () => {
    for (const text of [...Object.values(zhCN), ...Object.values(en)])
      expect(text.trim()).not.toBe('');
  });
});

describe('translate', () => {
  it('fills placeholders and leaves unknown ones visible', () => {
    expect(translate('en', 'messages.count', { count: '1,234' })).toBe('1,234 messages');
    expect(translate('zh-CN', 'messages.count', { count: '1,234' })).toBe('共 1,234 条');
    expect(interpolate('{a} and {b}', { a: 1 })).toBe('1 and {b}');
  });
});

describe('status and type names', () => {
  it('are the words of the shared lists in both languages', () => {
    for (const status of MESSAGE_STATUSES) {
      expect(statusName(status, 'zh-CN')).toBe(STATUS_NAMES[status].zh);
      expect(statusName(status, 'en')).toBe(STATUS_NAMES[status].en);
    }
    expect(statusName('ready', 'zh-CN')).toBe('待上传');
    expect(statusName('failed', 'en')).toBe('failed');
    for (const type of MSGTYPE_NAMES) expect(msgtypeName(type, 'zh-CN')).toBe(MSGTYPES[type].zh);
    expect(msgtypeName('meeting_voice_call', 'zh-CN')).toBe('音频存档');
  });

  it('keep the raw name of a type the app does not know', () => {
    expect(msgtypeName('hongbao_v2', 'zh-CN')).toBe('hongbao_v2');
  });
});
