// 待复核: flagged punches from GET /api/admin/punches (awaiting review, decided, all), each with its photo, findings,
// place, time and person, and 通过 / 驳回 with an optional note. Supervisors open it too: the API answers only their
// scope and allows their decisions, so this page shows what it answers and keeps the buttons for everyone.
import { load as loadInto } from './api.js';
import { fetchBlob } from './blob.js';
import { el, time } from './dom.js';
import { field, submit } from './form.js';

const TABS = [
  { state: 'review', label: '待复核' },
  { state: 'decided', label: '已处理' },
  { state: 'all', label: '全部' },
];
const STATES = { pending: '待复核', approved: '已通过', rejected: '已驳回' };
const SEVERITY = { info: '提示', warning: '注意', critical: '严重' };
const KINDS = { in: '上班', out: '下班', auto: '自动' };
const PAGE_SIZE = 20;

// The photo, fetched with the key (the route needs the Authorization header) and shown from a blob URL.
async function showPhoto(figure, punchId) {
  figure.dataset.photo = 'loading';
  let answer;
  try {
    answer = await fetchBlob('/api/admin/punches/' + punchId + '/photo');
  } catch {
    answer = { ok: false, status: 0 };
  }
  if (!answer.ok) {
    figure.dataset.photo = answer.status === 404 ? 'none' : 'failed';
    figure.replaceChildren(el('figcaption', { class: 'hint' }, answer.status === 404 ? '无照片' : '照片加载失败'));
    return;
  }
  const url = URL.createObjectURL(answer.blob);
  const img = el('img', { src: url, alt: '打卡照片（编号 ' + punchId + '）' });
  img.addEventListener('load', () => { URL.revokeObjectURL(url); figure.dataset.photo = 'shown'; });
  img.addEventListener('error', () => { URL.revokeObjectURL(url); figure.dataset.photo = 'failed'; });
  figure.replaceChildren(img);
}

function place(p) {
  const parts = [];
  parts.push(p.site ? p.site.name + (p.site.distanceMeters != null ? '，距离 ' + p.site.distanceMeters + ' 米' : '') : '未匹配到打卡地点');
  if (p.isField) parts.push('外勤');
  if (p.isLocationException) parts.push('地点异常');
  return parts.join(' · ');
}

function outcome(review) {
  if (review.state === 'pending') return null;
  return el('p', { class: 'review-outcome' }, [
    STATES[review.state] || review.state,
    review.decidedBy ? '，复核人 ' + review.decidedBy : '',
    review.decidedAt ? '，' + time(review.decidedAt) : '',
    review.reason ? '（备注：' + review.reason + '）' : '',
  ]);
}

export function renderReviews(main, { expired }) {
  const panel = el('section', { class: 'panel', 'aria-labelledby': 'reviews-title' });
  main.append(panel);
  let tab = 'review';
  let offset = 0;

  function decisionForm(item) {
    const reason = el('textarea', { name: 'reason', id: 'reason-' + item.punchId, rows: '2', maxlength: '200', placeholder: '驳回时必填；通过时可不填' });
    const form = el('form', { class: 'review-decide', novalidate: true }, [
      field('备注', 'reason', reason),
      el('div', { class: 'form-actions' }, [
        el('button', { type: 'submit', class: 'primary small', name: 'approve', value: 'true' }, '通过'),
        el('button', { type: 'submit', class: 'danger small', name: 'approve', value: 'false' }, '驳回'),
        el('p', { class: 'form-error', 'data-form-error': true, role: 'alert', hidden: true }),
      ]),
    ]);
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      const approve = event.submitter ? event.submitter.value === 'true' : true;
      const text = reason.value.trim();
      submit(form, '/api/admin/punches/' + item.punchId + '/decision', {
        json: text ? { approve, reason: text } : { approve },
        expired,
        done: () => render(),
      });
    });
    return form;
  }

  function card(item) {
    const p = item.punch;
    const figure = el('figure', { class: 'review-photo' }, p.hasPhoto ? el('figcaption', { class: 'hint' }, '正在加载照片…') : el('figcaption', { class: 'hint' }, '无照片'));
    if (p.hasPhoto) showPhoto(figure, item.punchId);
    else figure.dataset.photo = 'none';
    const review = item.review;
    return el('article', { class: 'review-card', 'data-punch-id': String(item.punchId), 'data-review': review.state }, [
      figure,
      el('div', { class: 'review-body' }, [
        el('h3', {}, [
          item.name || item.userId, ' ', el('span', { class: 'code' }, item.userId), ' ',
          el('span', { class: 'badge ' + review.state }, STATES[review.state] || review.state),
        ]),
        el('dl', { class: 'review-facts' }, [
          el('dt', {}, '时间'), el('dd', {}, time(p.captureTime || p.serverTime) + '（' + (KINDS[p.kind] || p.kind) + '，考勤日 ' + p.workDate + '）'),
          el('dt', {}, '地点'), el('dd', { class: 'review-place' }, place(p)),
          el('dt', {}, '风险分'), el('dd', {}, String(p.riskScore)),
          el('dt', {}, '员工说明'), el('dd', {}, review.explanation || el('span', { class: 'hint' }, '员工暂未说明')),
        ]),
        el('ul', { class: 'review-findings' }, (p.findings || []).map((f) => el('li', { 'data-code': f.code, class: 'severity-' + f.severity }, [
          el('span', { class: 'badge' }, SEVERITY[f.severity] || f.severity), ' ', f.message,
        ]))),
        outcome(review),
        review.state === 'pending' ? decisionForm(item) : null,
      ]),
    ]);
  }

  async function render() {
    const tabs = el('div', { class: 'tabs', role: 'tablist' }, TABS.map((t) => {
      const b = el('button', { type: 'button', role: 'tab', 'aria-selected': String(t.state === tab), 'data-state': t.state }, t.label);
      b.addEventListener('click', () => { tab = t.state; offset = 0; render(); });
      return b;
    }));
    const body = el('div', { role: 'tabpanel', id: 'review-list' }, el('p', { class: 'hint' }, '正在加载…'));
    panel.replaceChildren(el('h2', { id: 'reviews-title' }, '复核队列'), tabs, body);
    const list = await loadInto('/api/admin/punches?state=' + tab + '&limit=' + PAGE_SIZE + '&offset=' + offset, body, expired);
    if (!list) return;
    const pager = el('div', { class: 'form-actions' }, [
      offset > 0 ? el('button', { type: 'button', class: 'small', onclick: () => { offset = Math.max(0, offset - PAGE_SIZE); render(); } }, '上一页') : null,
      list.length === PAGE_SIZE ? el('button', { type: 'button', class: 'small', onclick: () => { offset += PAGE_SIZE; render(); } }, '下一页') : null,
      el('span', { class: 'hint' }, '第 ' + (offset / PAGE_SIZE + 1) + ' 页'),
    ]);
    if (list.length === 0) {
      body.replaceChildren(el('p', { class: 'empty' }, tab === 'review' ? '没有待复核的打卡。' : '没有记录（已处理与全部默认只看最近 90 天）。'), offset > 0 ? pager : '');
      return;
    }
    body.replaceChildren(
      el('p', { class: 'hint' }, tab === 'review' ? '最早的在前；不含您本人的打卡。' : '最早的在前；默认最近 90 天。'),
      el('div', { class: 'review-list' }, list.map(card)),
      pager);
  }

  render();
}
