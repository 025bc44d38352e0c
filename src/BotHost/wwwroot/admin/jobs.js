// 任务与消息: the jobs with their newest run and a run-now button; the outbox by state, parked rows with a retry button.
import { call, load as loadInto, refusal } from './api.js';
import { el, time } from './dom.js';

const JOB_LABELS = {
  'finalize-days': '日结',
  digest: '异常汇总',
  'directory-sync': '通讯录同步',
  'retention-purge': '数据清理',
  'wecom-checkin-push': '打卡推送',
};
const OUTCOMES = { running: '运行中', succeeded: '成功', failed: '失败' };
const ORIGINS = { scheduled: '定时', manual: '手动' };
const CHANNELS = { app: '应用消息', appchat: '群聊', robot: '群机器人' };
const TABS = [
  { state: 'parked', label: '已搁置' },
  { state: 'pending', label: '待发送' },
  { state: 'sent', label: '已发送' },
];

// What WeCom's permanent refusals (the ones that park a message) mean, for HR; the raw error is shown too.
const WECOM_ERRORS = {
  81013: '接收人全部无效：不在企业微信通讯录中，或不在应用的可见范围内',
  60020: '服务器 IP 不在企业微信应用的“企业可信IP”中',
  48002: '应用没有此接口的权限',
  60011: '应用无权访问该成员或部门（请检查应用可见范围）',
  40001: '应用 Secret 无效，请检查企业微信配置',
};

// Quartz's "s m h * * ?" (what the jobs use) as 每天 09:30; anything else is shown as written.
function schedule(cron) {
  const m = /^0 (\d{1,2}) ([\d,]+) \* \* \?$/.exec(cron);
  if (!m) return null;
  return '每天 ' + m[2].split(',').map((h) => h.padStart(2, '0') + ':' + m[1].padStart(2, '0')).join('、');
}

function explain(error) {
  const code = /errcode (\d+)/.exec(error);
  return code && WECOM_ERRORS[code[1]];
}

// The jobs' counts (docs/api.md, "Jobs and outbox") in Chinese; a count not listed shows its API name.
const COUNT_LABELS = {
  evaluated: '已计算', final: '已定稿', departments: '部门', messagesQueued: '已排队消息', alreadyQueued: '此前已排队',
  departmentsChanged: '部门变更', employees: '员工', employeesChanged: '员工变更', left: '离职', inactive: '停用',
  skipped: '跳过', outsideVisibility: '不在可见范围', notFound: '企业微信中不存在', photosDeleted: '已删照片',
  photoPathsCleared: '已清照片路径', dedupeRowsPurged: '已清去重记录', jobRunsPurged: '已清运行记录', records: '记录', pushed: '已推送', calls: '调用',
  fixed: '已修正', invalid: '无效', parked: '已搁置',
};
const counts = (c) => (c && Object.keys(c).length > 0
  ? Object.entries(c).map(([k, v]) => (COUNT_LABELS[k] || k) + ' ' + v).join(' · ')
  : '无计数');

export function renderJobs(main, { expired }) {
  const jobs = el('section', { class: 'panel', 'aria-labelledby': 'jobs-title' });
  const outbox = el('section', { class: 'panel', 'aria-labelledby': 'outbox-title' });
  main.append(jobs, outbox);
  let tab = 'parked';

  const load = (path, into) => loadInto(path, into, expired);

  // Runs an action for a button: the answer (or the refusal) shows beside it, then the lists are read again.
  async function act(button, note, path, done) {
    button.disabled = true;
    note.className = 'note';
    note.textContent = '处理中…';
    let answer;
    try {
      answer = await call(path, { method: 'POST' });
    } catch {
      answer = null;
    }
    button.disabled = false;
    if (answer && answer.status === 401) {
      expired();
      return;
    }
    if (answer && answer.ok) {
      note.textContent = done(answer.body);
      note.className = 'note ok';
    } else {
      note.textContent = answer ? refusal(answer) : '无法连接服务器，请稍后重试';
      note.className = 'note error';
      note.setAttribute('role', 'alert');
      return;
    }
    await Promise.all([loadJobs(note), loadOutbox()]);
  }

  async function loadJobs(keep) {
    const body = el('div', {}, el('p', { class: 'hint' }, '正在加载…'));
    jobs.replaceChildren(el('h2', { id: 'jobs-title' }, '任务'), body);
    const list = await load('/api/admin/jobs', body);
    if (!list) return;
    const rows = list.map((job) => {
      const run = job.lastRun;
      const note = job.name === keep?.dataset.job ? keep : el('span', { class: 'note', 'data-job': job.name });
      const button = el('button', { type: 'button', class: 'primary small', 'data-job': job.name }, '立即运行');
      button.addEventListener('click', () => act(button, note, '/api/admin/jobs/' + encodeURIComponent(job.name) + '/trigger',
        (r) => '已完成（' + time(r.finishedAt) + '）：' + counts(r.counts) + (r.note ? '；' + r.note : '')));
      return el('tr', { 'data-job': job.name }, [
        el('td', { class: 'job' }, [el('strong', {}, JOB_LABELS[job.name] || job.name), el('div', { class: 'code' }, job.name)]),
        el('td', {}, job.cron ? [
          schedule(job.cron) || el('span', { class: 'code' }, job.cron),
          el('div', { class: 'hint' }, (schedule(job.cron) ? job.cron + ' · ' : '') + (job.timeZone || '')),
        ] : '仅手动运行'),
        el('td', {}, run ? [
          el('span', { class: 'badge ' + run.outcome }, OUTCOMES[run.outcome] || run.outcome),
          ' ', ORIGINS[run.origin] || run.origin, ' · ', time(run.startedAt),
          el('div', { class: 'hint' }, (run.finishedAt ? '结束 ' + time(run.finishedAt) : '未结束') + ' · 主机 ' + run.host),
          run.error ? el('div', { class: 'error' }, run.error) : el('div', { class: 'hint' }, counts(run.counts)),
        ] : el('span', { class: 'hint' }, '尚未运行')),
        el('td', { class: 'actions' }, [button, note]),
      ]);
    });
    body.replaceChildren(el('div', { class: 'table-wrap' }, el('table', {}, [
      el('thead', {}, el('tr', {}, ['任务', '计划', '上次运行', '操作'].map((h) => el('th', { scope: 'col' }, h)))),
      el('tbody', {}, rows),
    ])));
  }

  async function loadOutbox() {
    const tabs = el('div', { class: 'tabs', role: 'tablist' }, TABS.map((t) => {
      const b = el('button', { type: 'button', role: 'tab', 'aria-selected': String(t.state === tab), 'data-state': t.state }, t.label);
      b.addEventListener('click', () => { tab = t.state; loadOutbox(); });
      return b;
    }));
    const body = el('div', { role: 'tabpanel' }, el('p', { class: 'hint' }, '正在加载…'));
    outbox.replaceChildren(el('h2', { id: 'outbox-title' }, '消息发送队列'), tabs, body);
    const list = await load('/api/admin/outbox?state=' + tab + '&limit=100', body);
    if (!list) return;
    if (list.length === 0) {
      body.replaceChildren(el('p', { class: 'empty' }, tab === 'parked' ? '没有搁置的消息。' : '没有消息。'));
      return;
    }
    const rows = list.map((row) => {
      const note = el('span', { class: 'note' });
      let action = null;
      if (row.state === 'parked') {
        const button = el('button', { type: 'button', class: 'primary small' }, '重试');
        button.addEventListener('click', () => act(button, note, '/api/admin/outbox/' + row.id + '/retry',
          () => '已重新排队，将立即发送'));
        action = [button, note];
      }
      const when = row.state === 'sent' ? '发送于 ' + time(row.sentAt)
        : row.state === 'parked' ? '已搁置，不再自动重试' : '下次尝试 ' + time(row.nextAttemptAt);
      const meaning = row.lastError && explain(row.lastError);
      return el('tr', { 'data-outbox-id': String(row.id) }, [
        el('td', {}, String(row.id)),
        el('td', { class: 'recipient' }, [CHANNELS[row.channel] || row.channel, el('div', { class: 'code' }, row.target)]),
        el('td', { class: 'status' }, [
          '尝试 ' + row.attempts + ' 次',
          el('div', { class: 'hint' }, when),
          el('div', { class: 'hint' }, '创建于 ' + time(row.createdAt)),
        ]),
        el('td', { class: 'last-error' }, !row.lastError ? el('span', { class: 'hint' }, '—')
          // A sent row keeps the error of an earlier attempt (docs/api.md): history, not a problem to act on.
          : row.state === 'sent' ? el('div', { class: 'hint' }, '发送前曾失败：' + (meaning || row.lastError))
          : [
            meaning ? el('div', { class: 'error' }, meaning) : null,
            el('div', { class: meaning ? 'hint' : 'error' }, row.lastError),
          ]),
        el('td', { class: 'actions' }, action),
      ]);
    });
    body.replaceChildren(el('div', { class: 'table-wrap' }, el('table', {}, [
      el('thead', {}, el('tr', {}, ['编号', '渠道与接收方', '状态', '最后错误', '操作'].map((h) => el('th', { scope: 'col' }, h)))),
      el('tbody', {}, rows),
    ])));
  }

  loadJobs();
  loadOutbox();
}
