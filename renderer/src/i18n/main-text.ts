/**
 * Sentences the main process writes for the operator (problems found in a file, why a message
 * failed, what the upload is doing, why the connection test failed) arrive in English only.
 * In Chinese they are recognised by their pattern and said again in Chinese, with their values
 * carried over; a sentence no pattern knows is shown as it came, which is better than nothing.
 *
 * The patterns follow the main side's wording. When that wording changes, the sentence falls
 * back to English: the browser tests read the Chinese screens and notice.
 */
import { formatCount } from './format';
import type { Locale } from './locale';

type Render = (match: RegExpMatchArray) => string;

/** The kinds of value the validator names ("should be text, but it is a list"). */
const KINDS: [RegExp, (match: RegExpMatchArray) => string][] = [
  [/^text$/, () => '文本'],
  [/^the text "(.*)"$/, (m) => `文本“${m[1]}”`],
  [/^empty text$/, () => '空文本'],
  [/^a list of texts$/, () => '文本列表'],
  [/^a list$/, () => '列表'],
  [/^an object$/, () => '对象'],
  [/^a number or text$/, () => '数字或文本'],
  [/^a number$/, () => '数字'],
  [/^true or false$/, () => 'true 或 false'],
  [/^the number (.+)$/, (m) => `数字 ${m[1]}`],
  [/^a whole number from (\d+) to (\d+)$/, (m) => `${m[1]} 到 ${m[2]} 之间的整数`],
  [/^send, recall or switch$/, () => 'send、recall 或 switch'],
];

/** The kind in Chinese, spaced from the Chinese before it when it starts with a Latin letter or digit. */
function kind(text: string): string {
  for (const [pattern, render] of KINDS) {
    const match = pattern.exec(text);
    if (match) return spaced(render(match));
  }
  return spaced(text);
}

function spaced(text: string): string {
  return /^[A-Za-z0-9]/.test(text) ? ` ${text}` : text;
}

const count = (text: string | undefined) => formatCount(Number(text), 'zh-CN');
/** "(code 0: ok)" parts: a reply's message may be empty on the main side ("no message"). */
const reply = (code: string | undefined, msg: string | undefined) =>
  `返回码 ${code}：${msg === 'no message' ? '无说明' : msg}`;

const SENTENCES: [RegExp, Render][] = [
  // Problems found while reading and checking a file.
  [/^Field (.+) is missing\.$/s, (m) => `缺少字段 ${m[1]}。`],
  [/^Field (.+) is empty\.$/s, (m) => `字段 ${m[1]} 是空的。`],
  [
    /^(?:Field (.+)|The message) should be (.+), but it is (.+)\.$/s,
    (m) =>
      `${m[1] ? `字段 ${m[1]} ` : '这条消息'}应为${kind(m[2] ?? '')}，实际是${kind(m[3] ?? '')}。`,
  ],
  [
    /^Line (\d+) is cut off: its JSON ends too early(?: near column (\d+))?\.$/,
    (m) => `第 ${m[1]} 行不完整：JSON 提前结束${m[2] ? `（约第 ${m[2]} 列）` : ''}。`,
  ],
  [
    /^Line (\d+) is not valid JSON(?: near column (\d+))?\.$/,
    (m) => `第 ${m[1]} 行不是有效的 JSON${m[2] ? `（约第 ${m[2]} 列）` : ''}。`,
  ],
  [/^Line (\d+) is nested too deeply to read\.$/, (m) => `第 ${m[1]} 行嵌套过深，无法读取。`],
  [
    /^Field (.+) \((\d+)\) is in seconds, not milliseconds; it was multiplied by 1000\.$/,
    (m) => `字段 ${m[1]}（${m[2]}）是秒而不是毫秒，已乘以 1000。`,
  ],
  [
    /^Field (.+) was text \("(.*)"\); it was read as the number (.+)\.$/,
    (m) => `字段 ${m[1]} 是文本（"${m[2]}"），已按数字 ${m[3]} 读取。`,
  ],
  [
    /^Field (.+) is 0, so the time of this message is unknown; it will show as 1 January 1970\.$/,
    (m) => `字段 ${m[1]} 为 0，这条消息的时间未知，会显示为 1970 年 1 月 1 日。`,
  ],
  [
    /^Field (.+) \((\d+)\) lies after the year 2100, so it cannot be a real message time\.$/,
    (m) => `字段 ${m[1]}（${m[2]}）晚于 2100 年，不可能是真实的消息时间。`,
  ],
  [
    /^Field (.+) was an object; it was written as JSON text, as the API expects\.$/,
    (m) => `字段 ${m[1]} 是对象，已按接口要求写成 JSON 文本。`,
  ],
  [
    /^msgid (.+) was already imported from (?:(.+) )?line (\d+) with different content; the first copy was kept and this one was not stored\.$/s,
    (m) =>
      `msgid ${m[1]} 已从${m[2] ? ` ${m[2]} ` : ''}第 ${m[3]} 行导入过，内容不同；保留了第一份，这一份没有存入。`,
  ],
  [/^The file (.+) does not exist\.$/s, (m) => `文件 ${m[1]} 不存在。`],
  [/^The file is empty: it holds no messages\.$/, () => '文件是空的，没有消息。'],
  [
    /^The object at line (\d+) is neither a message \(it has no msgid, msgtype or msgtime\) nor a list of messages \(no msg_list, chatdata, msgList, messages or data list\), so nothing was read from it\.$/,
    (m) =>
      `第 ${m[1]} 行的对象既不是消息（没有 msgid、msgtype 或 msgtime），也不是消息列表（没有 msg_list、chatdata、msgList、messages 或 data 列表），没有读入任何内容。`,
  ],
  [
    /^Reading (.+) needed more memory than the importer allows; split the file into smaller ones and import them\.$/s,
    (m) => `读取 ${m[1]} 需要的内存超过了导入允许的上限，请把文件拆成较小的几个再导入。`,
  ],
  [
    /^The file (.+) is no longer there, so the original record cannot be shown\.$/s,
    (m) => `文件 ${m[1]} 已经不在原处，无法显示原始记录。`,
  ],
  [
    /^The file (.+) changed since it was imported, so the original record cannot be shown\.$/s,
    (m) => `文件 ${m[1]} 在导入之后改动过，无法显示原始记录。`,
  ],

  // Why a message failed, and what an upload run is doing.
  [
    /^The SCRM listed this message in fail_id_list \(code (-?\d+): (.*)\)\.$/s,
    (m) => `尘锋在 fail_id_list 中列出了这条消息（${reply(m[1], m[2])}）。`,
  ],
  [
    /^The SCRM refused the call \(code (-?\d+): (.*)\)\.$/s,
    (m) => `尘锋拒绝了这次调用（${reply(m[1], m[2])}）。`,
  ],
  [/^The call did not complete: (.*)$/s, (m) => `调用没有完成：${m[1]}`],
  [
    /^(\d+) messages failed; see Failed to retry them\.$/,
    (m) => `${count(m[1])} 条消息上传失败，可以在“失败”中重试。`,
  ],
  [
    /^The SCRM asked to slow down \((.*)\); waiting (\d+) s\.$/s,
    (m) => `尘锋要求放慢速度（${m[1]}），等待 ${m[2]} 秒。`,
  ],
  [
    /^The upload stopped after (\d+) unsuccessful calls in a row\. Last: (.*) Nothing is lost: start the upload again once the cause is fixed\.$/s,
    (m) =>
      `连续 ${m[1]} 次调用不成功，上传已停止。最后一次：${localizeMainText(m[2] ?? '', 'zh-CN')}没有丢失任何数据：排除原因后重新开始上传即可。`,
  ],
  [
    /^The SCRM refused the access token (\d+) times in a row, even freshly fetched \(code (-?\d+): (.*)\)\. Check the clientId and clientSecret in Settings\.$/s,
    (m) =>
      `尘锋连续 ${m[1]} 次拒绝了访问令牌，新获取的也一样（${reply(m[2], m[3])}）。请在“设置”中检查 clientId 和 clientSecret。`,
  ],

  // The connection test and the token service.
  [
    /^Connected to (.+): the SCRM issued an access token\.$/s,
    (m) => `已连接 ${m[1]}，尘锋签发了访问令牌。`,
  ],
  [
    /^The SCRM refused the clientId and clientSecret \((.*)\); check both in the settings\.$/s,
    (m) => `尘锋拒绝了 clientId 和 clientSecret（${m[1]}），请在设置中检查这两项。`,
  ],
  [
    /^Could not reach the SCRM token service at (.+) \((.*)\); check the network connection and the base URL, then try again\.$/s,
    (m) => `无法连接尘锋令牌服务 ${m[1]}（${m[2]}），请检查网络和接口地址后重试。`,
  ],
  [
    /^The SCRM token service at (.+) is not working \(HTTP (\d+)\); try again later\.$/s,
    (m) => `尘锋令牌服务 ${m[1]} 暂时不可用（HTTP ${m[2]}），请稍后再试。`,
  ],
  [
    /^The SCRM token service says there are too many requests; wait a minute, then try again\.$/,
    () => '尘锋令牌服务提示请求过多，请等一分钟后再试。',
  ],
  [
    /^The SCRM did not issue an access token \(code (-?\d+)(.*)\); check the clientId and clientSecret in the settings\.$/s,
    (m) =>
      `尘锋没有签发访问令牌（返回码 ${m[1]}${m[2]}），请在设置中检查 clientId 和 clientSecret。`,
  ],

  // Refusals of the service.
  [
    /^Set the moment Dustess's own archive sync was switched on \(or confirm it never was\) in Settings before uploading: messages from after it must not be uploaded\.$/,
    () =>
      '上传之前，请先在“设置”中填写尘锋会话存档同步的开启时间（或确认从未开启）：开启之后的消息不能上传。',
  ],
  [/^An upload is already running\.$/, () => '已经有一个上传在进行。'],
  [
    /^An import is already running; wait for it or cancel it first\.$/,
    () => '已经有一个导入在进行，请等它结束或先取消它。',
  ],
  [
    /^Settings are incomplete \((.*)\); fill them in, or switch the sandbox on\.$/s,
    (m) => `设置不完整（${m[1]}），请填写完整，或者打开沙箱。`,
  ],
  [
    /^The cutoff cannot change while an upload runs; pause and cancel it first\.$/,
    () => '上传进行时不能修改截止时间，请先暂停并停止上传。',
  ],
];

/** The sentence in the operator's language: English as it came, Chinese when it is known. */
export function localizeMainText(text: string, locale: Locale): string {
  if (locale === 'en') return text;
  const trimmed = text.trim();
  for (const [pattern, render] of SENTENCES) {
    const match = pattern.exec(trimmed);
    if (match) return render(match);
  }
  return text;
}

/** What a kind of problem is, as the heading of its group; null for kinds without a name. */
const PROBLEM_TITLES: Record<string, { zh: string; en: string }> = {
  bad_json: {
    zh: '行不是完整有效的 JSON，没有读入',
    en: 'Lines that are not valid JSON (not read)',
  },
  broken_json: { zh: '文件的 JSON 结构损坏', en: 'The file’s JSON structure is broken' },
  invalid_type: { zh: '字段缺失或类型不对', en: 'Fields missing or of the wrong type' },
  invalid_value: { zh: '字段的值不在允许的范围内', en: 'Field values that are not allowed' },
  invalid_union: { zh: '字段的值不符合要求', en: 'Field values that do not fit' },
  invalid_format: { zh: '字段的格式不对', en: 'Fields in the wrong format' },
  too_small: { zh: '字段太短或太小', en: 'Fields too short or too small' },
  too_big: { zh: '字段太长或太大', en: 'Fields too long or too large' },
  conflict: {
    zh: '相同 msgid 但内容不同（保留第一份）',
    en: 'Same msgid, different content (first copy kept)',
  },
  time_in_seconds: {
    zh: '时间以秒为单位，已换算成毫秒',
    en: 'Times in seconds, converted to milliseconds',
  },
  time_as_text: {
    zh: '时间写成了文本，已按数字读取',
    en: 'Times written as text, read as numbers',
  },
  time_zero: { zh: '时间为 0，时间未知', en: 'Time is 0, so unknown' },
  time_out_of_range: { zh: '时间晚于 2100 年', en: 'Times after the year 2100' },
  content_not_text: {
    zh: '内容是对象，已写成 JSON 文本',
    en: 'Content that was an object, written as JSON text',
  },
  lone_surrogate: { zh: '含有损坏的字符，已替换', en: 'Broken characters, replaced' },
  line_too_long: { zh: '行太长，已跳过', en: 'Lines too long, skipped' },
  not_an_object: { zh: '记录不是 JSON 对象，已跳过', en: 'Records that are not objects, skipped' },
  too_deep: { zh: '记录嵌套过深，已跳过', en: 'Records nested too deeply, skipped' },
  record_too_large: { zh: '记录太大，已跳过', en: 'Records too large, skipped' },
  no_messages: {
    zh: '对象既不是消息也不是消息列表',
    en: 'Objects that are neither a message nor a list of messages',
  },
};

export function problemTitle(code: string, locale: Locale): string | null {
  const title = PROBLEM_TITLES[code];
  if (!title) return null;
  return locale === 'zh-CN' ? title.zh : title.en;
}
