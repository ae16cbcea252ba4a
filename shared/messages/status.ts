/** Where a stored message stands. The same words are used in the store, the CLI and the UI. */
export const MESSAGE_STATUSES = [
  'ready',
  'invalid',
  'unsupported',
  'excluded',
  'sending',
  'uploaded',
  'failed',
] as const;

export type MessageStatus = (typeof MESSAGE_STATUSES)[number];

export const STATUS_NAMES: Record<MessageStatus, { zh: string; en: string }> = {
  ready: { zh: '待上传', en: 'ready' },
  invalid: { zh: '无效', en: 'invalid' },
  unsupported: { zh: '不支持', en: 'unsupported' },
  excluded: { zh: '已排除', en: 'excluded' },
  sending: { zh: '上传中', en: 'sending' },
  uploaded: { zh: '已上传', en: 'uploaded' },
  failed: { zh: '失败', en: 'failed' },
};

/** Statuses the operator may still change by including or excluding messages. */
export const PENDING_STATUSES: readonly MessageStatus[] = ['ready', 'unsupported', 'excluded'];
