/**
 * A realistic sample export for the demo and the benchmark, derived from the real-format
 * fixtures: every supported type, many senders and rooms, Chinese and English text, spread
 * over weeks, plus the defects real exports carry (broken lines, duplicates, a conflict,
 * times in seconds, an unknown type, an integer above 2^53). Deterministic for a given seed.
 */
type Json = Record<string, unknown>;

const PHRASES = [
  '您好，请问这款产品的报价是多少？',
  '好的，我们明天下午三点开会讨论合同细节。',
  '合同已经发给您了，请查收。',
  '收到，谢谢！',
  '这个方案客户已经确认，下周一签合同。',
  '发票什么时候可以开出来？',
  '请把上个月的对账单发我一下。',
  'Please send me the quotation by Friday.',
  'The meeting is moved to 3 pm tomorrow.',
  '退款申请已经提交，预计三个工作日到账。',
  '我们的新品下周上市，欢迎到店体验 😀',
  '明白了，我跟领导确认一下再回复您。',
];

/** A small, fast, seedable generator (mulberry32): the sample must be the same every time. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface SampleOptions {
  /** The fixtures file's text: one WeCom message per line. */
  fixtures: string;
  count: number;
  seed?: number;
  /** Messages are spread over the days before this moment (epoch ms). */
  end?: number;
  days?: number;
  /** Add the defects real exports have. */
  defects?: boolean;
}

/** Types the fixtures lack, in WeCom's raw shape (vote at the top level). */
function extraTemplates(): Json[] {
  return [
    {
      msgid: 'vote-template',
      action: 'send',
      from: 'ZhangSan',
      tolist: ['LiSi'],
      roomid: 'wrRoomTemplate',
      msgtime: 1603875610000,
      msgtype: 'vote',
      votetitle: '下周团建去哪里？',
      voteitem: ['爬山', '露营', '聚餐'],
      votetype: 101,
      voteid: 'vote-1',
    },
    {
      msgid: 'todo-template',
      action: 'send',
      from: 'ZhangSan',
      tolist: ['LiSi'],
      roomid: 'wrRoomTemplate',
      msgtime: 1603875610000,
      msgtype: 'todo',
      todo: { title: '跟进客户', content: '周五前把报价单发给客户' },
    },
  ];
}

export function* sampleLines(options: SampleOptions): Generator<string> {
  const next = random(options.seed ?? 20240501);
  const templates = [
    ...options.fixtures
      .split('\n')
      .filter((line) => line.trim())
      .map((line) => JSON.parse(line) as Json),
    ...extraTemplates(),
  ];
  const textTemplate = templates.find((message) => message['msgtype'] === 'text')!;
  const senders = Array.from({ length: 40 }, (_, index) =>
    index < 25 ? `employee${index + 1}` : `wmExternal${index}`,
  );
  const rooms = [
    '',
    '',
    '',
    ...Array.from({ length: 15 }, (_, index) => `wrRoom${String(index + 1).padStart(3, '0')}`),
  ];
  const end = options.end ?? Date.UTC(2024, 4, 1);
  const span = (options.days ?? 60) * 86_400_000;
  const step = span / Math.max(1, options.count);
  const defects = options.defects ?? false;

  for (let index = 0; index < options.count; index += 1) {
    // Two in three messages are text, as in real chats; the rest cycle through every type.
    const template = index % 3 === 0 ? templates[(index / 3) % templates.length]! : textTemplate;
    const message: Json = structuredClone(template);
    const msgtime = Math.round(end - span + index * step + next() * step);
    const from = senders[Math.floor(next() * senders.length)]!;
    const room = rooms[Math.floor(next() * rooms.length)]!;
    message['msgid'] = `demo${index}_${msgtime}`;
    if ('msgtime' in message || message['action'] !== 'switch') {
      message['msgtime'] = msgtime;
      message['from'] = from;
      message['tolist'] = [senders[(senders.indexOf(from) + 1) % senders.length]!];
      message['roomid'] = room;
    } else {
      message['time'] = msgtime;
      message['user'] = from;
    }
    message['seq'] = index + 1;
    if (message['msgtype'] === 'text') {
      message['text'] = {
        content: `${PHRASES[Math.floor(next() * PHRASES.length)]!}（#${index + 1}）`,
      };
    }
    let line = JSON.stringify(message);
    if (defects) line = withDefect(line, message, index, options.count);
    yield line;
  }
}

/** Roughly one defect in 400 messages, each kind at a fixed place so the demo reads the same. */
function withDefect(line: string, message: Json, index: number, count: number): string {
  const every = Math.max(50, Math.floor(count / 40));
  if (index % every !== 7) return line;
  switch (Math.floor(index / every) % 8) {
    case 0:
      return line.slice(0, Math.floor(line.length / 2)); // cut off mid-line
    case 1:
      return JSON.stringify({
        ...message,
        msgtime: Math.floor(Number(message['msgtime'] ?? 0) / 1000),
      }); // seconds
    case 2: {
      const broken = { ...message };
      delete broken['from'];
      return JSON.stringify(broken);
    }
    case 3:
      return JSON.stringify({ ...message, msgtype: 'hongbao_unknown' });
    case 4:
      return `${line}\n${line}`; // the same message twice
    case 5:
      return line.replace(/"seq":\d+/, '"seq":18446744073709551615');
    case 6:
      return JSON.stringify({ ...message, tolist: 'not-a-list' });
    default:
      return `${line}\n{"msgid": "${String(message['msgid'])}", "action": "send", "from": "someone-else", "tolist": [], "msgtime": 1, "msgtype": "text", "text": {"content": "conflicting copy"}}`;
  }
}
