import { describe, expect, it } from 'vitest';

import { MAX_TEXT_CHARS, messageText } from './message-text.js';

describe('messageText', () => {
  it.each([
    ['a text message', { msgtype: 'text', text: { content: '报价单' } }, '报价单'],
    ['a file', { msgtype: 'file', file: { filename: '合同.pdf', md5sum: 'x' } }, '合同.pdf'],
    [
      'a vote with its options',
      { msgtype: 'vote', vote: { votetitle: '聚餐', voteitem: ['火锅', '烧烤'] } },
      '聚餐 火锅 烧烤',
    ],
    [
      'news held in info',
      { msgtype: 'news', info: { item: [{ title: 'T', description: 'D', url: 'u' }] } },
      'T D',
    ],
    ['markdown held in info', { msgtype: 'markdown', info: { content: '# 标题' } }, '# 标题'],
    [
      'a form with its questions',
      { msgtype: 'collect', collect: { title: '报名', details: [{ id: 1, ques: '姓名' }] } },
      '报名 姓名',
    ],
    [
      'a chat record, reading inside its JSON items',
      {
        msgtype: 'chatrecord',
        chatrecord: {
          title: '群聊',
          item: [
            { type: 'ChatRecordText', content: '{"content":"你好"}' },
            { type: 'ChatRecordText', content: 'not json' },
          ],
        },
      },
      '群聊 你好 not json',
    ],
    [
      'a mixed message',
      { msgtype: 'mixed', mixed: { item: [{ type: 'text', content: '{"content":"在吗"}' }] } },
      '在吗',
    ],
    ['a switch record', { msgid: 's', action: 'switch', time: 1, user: 'u' }, ''],
    ['a payload that is no object', { msgtype: 'text', text: 'oops' }, ''],
  ])('takes the words of %s', (_name, message, text) => {
    expect(messageText(message)).toBe(text);
  });

  it('cuts a very long text', () => {
    const text = messageText({
      msgtype: 'text',
      text: { content: 'x'.repeat(MAX_TEXT_CHARS * 2) },
    });
    expect(text.length).toBe(MAX_TEXT_CHARS);
  });
});
