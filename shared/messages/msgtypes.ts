/**
 * The message types the SCRM upload accepts, with the key that holds each one's payload in
 * the upload shape and the names shown to operators. The list follows the upload API's field
 * list; WeCom types outside it are kept as `unsupported`.
 */
export interface MsgtypeInfo {
  /** Key of the payload object in the upload shape (`null` for switch records). */
  readonly payloadKey: string | null;
  /** True when the message refers to a media file that the SCRM fetches separately. */
  readonly media: boolean;
  readonly zh: string;
  readonly en: string;
}

export const MSGTYPES = {
  text: { payloadKey: 'text', media: false, zh: '文本', en: 'Text' },
  image: { payloadKey: 'image', media: true, zh: '图片', en: 'Image' },
  revoke: { payloadKey: 'revoke', media: false, zh: '撤回', en: 'Revoke' },
  agree: { payloadKey: 'agree', media: false, zh: '同意存档', en: 'Agree' },
  disagree: { payloadKey: 'disagree', media: false, zh: '拒绝存档', en: 'Disagree' },
  voice: { payloadKey: 'voice', media: true, zh: '语音', en: 'Voice' },
  video: { payloadKey: 'video', media: true, zh: '视频', en: 'Video' },
  card: { payloadKey: 'card', media: false, zh: '名片', en: 'Card' },
  location: { payloadKey: 'location', media: false, zh: '位置', en: 'Location' },
  emotion: { payloadKey: 'emotion', media: true, zh: '表情', en: 'Emotion' },
  file: { payloadKey: 'file', media: true, zh: '文件', en: 'File' },
  link: { payloadKey: 'link', media: false, zh: '链接', en: 'Link' },
  weapp: { payloadKey: 'weapp', media: false, zh: '小程序', en: 'Mini program' },
  chatrecord: { payloadKey: 'chatrecord', media: false, zh: '聊天记录', en: 'Chat record' },
  todo: { payloadKey: 'todo', media: false, zh: '待办', en: 'To-do' },
  vote: { payloadKey: 'vote', media: false, zh: '投票', en: 'Vote' },
  collect: { payloadKey: 'collect', media: false, zh: '填表', en: 'Form' },
  redpacket: { payloadKey: 'redpacket', media: false, zh: '红包', en: 'Red packet' },
  meeting: { payloadKey: 'meeting', media: false, zh: '会议', en: 'Meeting' },
  switch: { payloadKey: null, media: false, zh: '切换企业', en: 'Switch' },
  docmsg: { payloadKey: 'docmsg', media: false, zh: '在线文档', en: 'Online doc' },
  markdown: { payloadKey: 'info', media: false, zh: 'Markdown', en: 'Markdown' },
  news: { payloadKey: 'info', media: false, zh: '图文', en: 'News' },
  calendar: { payloadKey: 'calendar', media: false, zh: '日程', en: 'Calendar' },
  mixed: { payloadKey: 'mixed', media: false, zh: '混合', en: 'Mixed' },
  meeting_voice_call: {
    payloadKey: 'meeting_voice_call',
    media: true,
    zh: '音频存档',
    en: 'Meeting voice call',
  },
  voip_doc_share: {
    payloadKey: 'voip_doc_share',
    media: true,
    zh: '音频共享文档',
    en: 'VoIP doc share',
  },
  external_redpacket: {
    payloadKey: 'external_redpacket',
    media: false,
    zh: '互通红包',
    en: 'External red packet',
  },
  sphfeed: { payloadKey: 'sphfeed', media: false, zh: '视频号', en: 'Channels feed' },
  voiptext: { payloadKey: 'info', media: false, zh: '音视频通话', en: 'Call' },
  qydiskfile: { payloadKey: 'info', media: true, zh: '微盘文件', en: 'WeDrive file' },
} as const satisfies Record<string, MsgtypeInfo>;

export type Msgtype = keyof typeof MSGTYPES;

export const MSGTYPE_NAMES = Object.keys(MSGTYPES) as Msgtype[];

export function isSupportedMsgtype(msgtype: string): msgtype is Msgtype {
  return Object.hasOwn(MSGTYPES, msgtype);
}

export const MEDIA_MSGTYPES: readonly Msgtype[] = MSGTYPE_NAMES.filter(
  (name) => MSGTYPES[name].media,
);
