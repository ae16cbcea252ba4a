import { describe, expect, it } from 'vitest';

import { localizeMainText, problemTitle } from './main-text';

/** Sentences as the main side writes them today, and what a Chinese-speaking operator reads. */
const SENTENCES: [string, string][] = [
  [
    'The object at line 1 is neither a message (it has no msgid, msgtype or msgtime) nor a list of messages (no msg_list, chatdata, msgList, messages or data list), so nothing was read from it.',
    '第 1 行的对象既不是消息（没有 msgid、msgtype 或 msgtime），也不是消息列表（没有 msg_list、chatdata、msgList、messages 或 data 列表），没有读入任何内容。',
  ],
  [
    'Reading /data/export.json needed more memory than the importer allows; split the file into smaller ones and import them.',
    '读取 /data/export.json 需要的内存超过了导入允许的上限，请把文件拆成较小的几个再导入。',
  ],
  ['Field from is missing.', '缺少字段 from。'],
  [
    'Field tolist should be a list of texts, but it is text.',
    '字段 tolist 应为文本列表，实际是文本。',
  ],
  [
    'Field action should be send, recall or switch, but it is the text "list".',
    '字段 action 应为 send、recall 或 switch，实际是文本“list”。',
  ],
  [
    'Field text.content should be text, but it is the number 5.',
    '字段 text.content 应为文本，实际是数字 5。',
  ],
  [
    'Field seq should be a whole number from 0 to 18446744073709551615, but it is empty text.',
    '字段 seq 应为 0 到 18446744073709551615 之间的整数，实际是空文本。',
  ],
  ['Field msgid is empty.', '字段 msgid 是空的。'],
  ['Line 8 is cut off: its JSON ends too early.', '第 8 行不完整：JSON 提前结束。'],
  [
    'Line 410 is cut off: its JSON ends too early near column 103.',
    '第 410 行不完整：JSON 提前结束（约第 103 列）。',
  ],
  ['Line 812 is not valid JSON near column 160.', '第 812 行不是有效的 JSON（约第 160 列）。'],
  [
    'Field msgtime (1709485790) is in seconds, not milliseconds; it was multiplied by 1000.',
    '字段 msgtime（1709485790）是秒而不是毫秒，已乘以 1000。',
  ],
  [
    'msgid demo357_1710263864178 was already imported from /tmp/x/sample.jsonl line 359 with different content; the first copy was kept and this one was not stored.',
    'msgid demo357_1710263864178 已从 /tmp/x/sample.jsonl 第 359 行导入过，内容不同；保留了第一份，这一份没有存入。',
  ],
  [
    'The SCRM listed this message in fail_id_list (code 0: ok).',
    '尘锋在 fail_id_list 中列出了这条消息（返回码 0：ok）。',
  ],
  [
    'The SCRM refused the call (code 10001: system unknown error).',
    '尘锋拒绝了这次调用（返回码 10001：system unknown error）。',
  ],
  [
    'The SCRM refused the call (code 10001: no message).',
    '尘锋拒绝了这次调用（返回码 10001：无说明）。',
  ],
  ['1500 messages failed; see Failed to retry them.', '1,500 条消息上传失败，可以在“失败”中重试。'],
  [
    'The upload stopped after 5 unsuccessful calls in a row. Last: The SCRM refused the call (code 10001: system unknown error). Nothing is lost: start the upload again once the cause is fixed.',
    '连续 5 次调用不成功，上传已停止。最后一次：尘锋拒绝了这次调用（返回码 10001：system unknown error）。没有丢失任何数据：排除原因后重新开始上传即可。',
  ],
  [
    'Connected to http://127.0.0.1:43707: the SCRM issued an access token.',
    '已连接 http://127.0.0.1:43707，尘锋签发了访问令牌。',
  ],
  [
    'The SCRM refused the clientId and clientSecret (HTTP 200 with code 40001: invalid clientId or clientSecret); check both in the settings.',
    '尘锋拒绝了 clientId 和 clientSecret（HTTP 200 with code 40001: invalid clientId or clientSecret），请在设置中检查这两项。',
  ],
  [
    "Set the moment Dustess's own archive sync was switched on (or confirm it never was) in Settings before uploading: messages from after it must not be uploaded.",
    '上传之前，请先在“设置”中填写尘锋会话存档同步的开启时间（或确认从未开启）：开启之后的消息不能上传。',
  ],
];

describe('localizeMainText', () => {
  it.each(SENTENCES)('says "%s" in Chinese', (english, chinese) => {
    expect(localizeMainText(english, 'zh-CN')).toBe(chinese);
  });

  it('leaves English as it came', () => {
    for (const [english] of SENTENCES) expect(localizeMainText(english, 'en')).toBe(english);
  });

  it('shows a sentence it does not know as it came', () => {
    expect(localizeMainText('Something new happened.', 'zh-CN')).toBe('Something new happened.');
    expect(localizeMainText('已经是中文。', 'zh-CN')).toBe('已经是中文。');
  });
});

describe('problemTitle', () => {
  it('names the kinds of problem in both languages, and nothing for an unknown kind', () => {
    expect(problemTitle('invalid_type', 'zh-CN')).toBe('字段缺失或类型不对');
    expect(problemTitle('conflict', 'en')).toBe('Same msgid, different content (first copy kept)');
    expect(problemTitle('something_new', 'zh-CN')).toBeNull();
  });
});
