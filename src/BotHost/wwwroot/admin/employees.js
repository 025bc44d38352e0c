// 员工: the directory (GET /api/admin/employees, by department, name or userId, active or not, paged) and a detail
// view per person: roles (PUT keeps the rest of the record), face enrolment, consents, the PIPL export (zip), the
// erasure (only once HR has typed the person's userId) and ending their sessions.
import { call, load as loadInto, refusal } from './api.js';
import { download, fetchBlob } from './blob.js';
import { el, time } from './dom.js';
import { field, showErrors, submit } from './form.js';

const PAGE_SIZE = 50;
const ROLES = { employee: '员工', hr: '人事', admin: '管理员' };
const yes = (b) => (b ? '是' : '否');

function note(target, text, ok) {
  target.textContent = text;
  target.className = 'note ' + (ok ? 'ok' : 'error');
  if (ok) target.removeAttribute('role'); else target.setAttribute('role', 'alert');
}

export function renderEmployees(main, { expired, caller }) {
  const canChange = !caller || caller.everyone;
  const load = (path, into) => loadInto(path, into, expired);
  let departments = [];
  const filters = {
    departmentId: el('select', { name: 'departmentId' }, el('option', { value: '' }, '全部部门')),
    search: el('input', { name: 'search', type: 'search', placeholder: '姓名或账号的一部分' }),
    active: el('select', { name: 'active' }, [
      el('option', { value: 'true' }, '在职'),
      el('option', { value: 'false' }, '停用或离职'),
      el('option', { value: '' }, '全部'),
    ]),
  };
  const search = el('form', { class: 'toolbar', novalidate: true, role: 'search' }, [
    field('部门', 'departmentId', filters.departmentId),
    field('搜索', 'search', filters.search),
    field('状态', 'active', filters.active),
    el('p', { class: 'form-error', 'data-form-error': true, role: 'alert', hidden: true }),
    el('button', { type: 'submit', class: 'primary' }, '查询'),
  ]);
  const list = el('section', { class: 'panel', 'aria-labelledby': 'employees-title' });
  const detail = el('section', { class: 'panel employee-detail', 'aria-labelledby': 'employee-title', hidden: true });
  main.append(detail, el('div', { class: 'panel' }, search), list);
  let offset = 0;

  const deptName = (id) => (departments.find((d) => d.id === id) || {}).name || String(id);

  async function loadDepartments() {
    const answer = await call('/api/admin/departments').catch(() => null);
    if (!answer || !answer.ok) return;
    departments = answer.body;
    filters.departmentId.append(...departments.map((d) => el('option', { value: String(d.id) }, d.name + '（' + d.id + '）')));
  }

  async function loadList() {
    const body = el('div', {}, el('p', { class: 'hint' }, '正在加载…'));
    list.replaceChildren(el('h2', { id: 'employees-title' }, '员工列表'), body);
    const q = new URLSearchParams({ limit: String(PAGE_SIZE), offset: String(offset) });
    if (filters.departmentId.value) q.set('departmentId', filters.departmentId.value);
    if (filters.search.value.trim()) q.set('search', filters.search.value.trim());
    if (filters.active.value) q.set('active', filters.active.value);
    let answer;
    try {
      answer = await call('/api/admin/employees?' + q);
    } catch {
      answer = { status: 0, ok: false, body: { detail: '无法连接服务器，请稍后重试' } };
    }
    if (answer.status === 401) { expired(); return; }
    if (!answer.ok) {
      showErrors(search, answer);
      body.replaceChildren(el('p', { class: 'error' }, refusal(answer)));
      return;
    }
    const rows = answer.body;
    body.replaceChildren(rows.length === 0 ? el('p', { class: 'empty' }, '没有符合条件的员工。') : el('div', { class: 'table-wrap' }, el('table', {}, [
      el('thead', {}, el('tr', {}, ['姓名', '账号', '部门', '角色', '状态', ''].map((h) => el('th', { scope: 'col' }, h)))),
      el('tbody', {}, rows.map((e) => el('tr', { 'data-user-id': e.userId }, [
        el('td', {}, e.name),
        el('td', { class: 'code' }, e.userId),
        el('td', {}, e.departmentIds.map(deptName).join('、')),
        el('td', {}, e.roles.map((r) => ROLES[r] || r).join('、')),
        el('td', {}, [
          el('span', { class: 'badge ' + (e.active ? 'succeeded' : 'failed') }, e.active ? '在职' : '停用'),
          e.leftOn ? el('div', { class: 'hint' }, '离职 ' + e.leftOn) : null,
        ]),
        el('td', { class: 'actions' }, el('button', { type: 'button', class: 'small', onclick: () => showDetail(e.userId) }, '详情')),
      ]))),
    ])));
    body.append(el('div', { class: 'form-actions' }, [
      offset > 0 ? el('button', { type: 'button', class: 'small', onclick: () => { offset = Math.max(0, offset - PAGE_SIZE); loadList(); } }, '上一页') : null,
      rows.length === PAGE_SIZE ? el('button', { type: 'button', class: 'small', onclick: () => { offset += PAGE_SIZE; loadList(); } }, '下一页') : null,
      el('span', { class: 'hint' }, '第 ' + (offset / PAGE_SIZE + 1) + ' 页'),
    ]));
  }

  function rolesForm(e) {
    const boxes = ['hr', 'admin'].map((r) => el('input', { type: 'checkbox', name: 'roles', value: r, checked: e.roles.includes(r) }));
    const form = el('form', { class: 'employee-roles', novalidate: true }, [
      el('fieldset', { 'data-field': 'roles' }, [
        el('legend', {}, '角色'),
        el('label', { class: 'check' }, [el('input', { type: 'checkbox', checked: true, disabled: true }), ' 员工（所有人）']),
        ...boxes.map((b) => el('label', { class: 'check' }, [b, ' ' + ROLES[b.value]])),
        el('p', { class: 'field-error', 'data-error-for': 'roles', role: 'alert', hidden: true }),
      ]),
      el('div', { class: 'form-actions' }, [
        canChange ? el('button', { type: 'submit', class: 'primary small' }, '保存角色') : null,
        el('p', { class: 'form-error', 'data-form-error': true, role: 'alert', hidden: true }),
        el('span', { class: 'note', 'data-saved': true }),
      ]),
    ]);
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      const roles = ['employee', ...boxes.filter((b) => b.checked).map((b) => b.value)];
      // The PUT replaces the record: everything else goes back as the API gave it.
      const json = {
        name: e.name, departmentIds: e.departmentIds, mainDepartmentId: e.mainDepartmentId,
        directLeaderUserIds: e.directLeaderUserIds, active: e.active, roles, joinedOn: e.joinedOn, leftOn: e.leftOn,
      };
      submit(form, '/api/admin/employees/' + encodeURIComponent(e.userId), {
        method: 'PUT', json, expired,
        done: (saved) => {
          e.roles = saved.roles;
          note(form.querySelector('[data-saved]'), '已保存：' + saved.roles.map((r) => ROLES[r] || r).join('、'), true);
          loadList();
        },
      });
    });
    return form;
  }

  function faceBox(face) {
    return el('dl', { class: 'facts', 'data-face': face.enrolled ? 'enrolled' : 'none' }, [
      el('dt', {}, '人脸模板'), el('dd', {}, face.enrolled ? '已录入' : '未录入'),
      face.enrolled ? [el('dt', {}, '来源'), el('dd', {}, face.source === 'upload' ? '上传照片' : (face.source || '—'))] : null,
      face.enrolled ? [el('dt', {}, '录入时间'), el('dd', {}, time(face.enrolledAt) + (face.enrolledBy ? '，' + face.enrolledBy : ''))] : null,
    ].flat());
  }

  function consentBox(c) {
    const f = c.face;
    const l = c.location;
    const version = (v, current) => (v ? '告知版本 ' + v + (v === current ? '（当前）' : '（当前为 ' + current + '）') : '');
    return el('dl', { class: 'facts', 'data-consents': true }, [
      el('dt', {}, '人脸识别同意'),
      el('dd', { 'data-consent': 'face' }, [f.recordedAt ? (f.granted ? '已同意' : '已撤回') : '未作答',
        f.recordedAt ? el('div', { class: 'hint' }, time(f.recordedAt) + '，' + version(f.noticeVersion, f.currentNoticeVersion)) : null]),
      el('dt', {}, '位置信息同意'),
      el('dd', { 'data-consent': 'location' }, [l.answered ? (l.granted ? '已同意' : '已撤回') : '未作答',
        el('div', { class: 'hint' }, (l.answered ? time(l.recordedAt) + '，' + version(l.noticeVersion, l.currentNoticeVersion) + '；' : '')
          + (l.locationUsed ? '打卡使用其位置' : '打卡不使用其位置') + (l.requiredByCompany ? '（公司要求先同意）' : ''))]),
    ]);
  }

  function privacyBox(e) {
    const exportNote = el('span', { class: 'note' });
    const exportButton = el('button', { type: 'button', class: 'small' }, '导出个人数据（zip）');
    exportButton.addEventListener('click', async () => {
      exportButton.disabled = true;
      note(exportNote, '正在导出…', true);
      const answer = await fetchBlob('/api/admin/employees/' + encodeURIComponent(e.userId) + '/personal-data.zip').catch(() => null);
      exportButton.disabled = false;
      if (answer && answer.status === 401) { expired(); return; }
      if (!answer || !answer.ok) { note(exportNote, answer ? refusal(answer) : '无法连接服务器，请稍后重试', false); return; }
      download(answer.blob, answer.name || 'personal-data-' + e.userId + '.zip');
      note(exportNote, '已下载，导出已记入审计', true);
    });

    const revokeNote = el('span', { class: 'note' });
    const revokeButton = el('button', { type: 'button', class: 'small' }, '注销全部会话');
    revokeButton.addEventListener('click', async () => {
      revokeButton.disabled = true;
      const answer = await call('/api/admin/employees/' + encodeURIComponent(e.userId) + '/sessions/revoke', { method: 'POST' }).catch(() => null);
      revokeButton.disabled = false;
      if (answer && answer.status === 401) { expired(); return; }
      note(revokeNote, answer && answer.ok ? '已注销 ' + time(answer.body.validAfter) + ' 前签发的会话' : (answer ? refusal(answer) : '无法连接服务器'), answer && answer.ok);
    });

    const confirm = el('input', { name: 'confirm', autocomplete: 'off', spellcheck: 'false' });
    const eraseButton = el('button', { type: 'submit', class: 'danger small', disabled: true }, '永久删除个人数据');
    confirm.addEventListener('input', () => { eraseButton.disabled = confirm.value !== e.userId; });
    const erase = el('form', { class: 'erase', novalidate: true }, [
      el('h3', {}, '删除个人数据（不可恢复）'),
      el('p', { class: 'hint' }, '删除此人的打卡、照片、考勤结果、补卡、请假、排班、同意记录、人脸模板和通讯录记录；审计记录保留。'),
      field('请输入账号 ' + e.userId + ' 以确认', 'confirm', confirm),
      el('div', { class: 'form-actions' }, [
        eraseButton,
        el('p', { class: 'form-error', 'data-form-error': true, role: 'alert', hidden: true }),
      ]),
    ]);
    erase.addEventListener('submit', (event) => {
      event.preventDefault();
      if (confirm.value !== e.userId) return;
      submit(erase, '/api/admin/employees/' + encodeURIComponent(e.userId) + '/personal-data?confirm=' + encodeURIComponent(confirm.value), {
        method: 'DELETE', expired,
        done: (r) => {
          const total = Object.values(r.rows || {}).reduce((a, b) => a + b, 0);
          erase.replaceChildren(el('p', { class: 'ok', role: 'status' }, '已删除 ' + total + ' 行记录、' + r.photosDeleted + ' 张照片' + (r.photosFailed ? '（' + r.photosFailed + ' 张删除失败）' : '')));
          loadList();
        },
      });
    });
    return el('div', { class: 'privacy' }, [
      el('div', { class: 'form-actions' }, [exportButton, exportNote]),
      canChange ? el('div', { class: 'form-actions' }, [revokeButton, revokeNote]) : null,
      canChange ? erase : null,
    ]);
  }

  async function showDetail(userId) {
    detail.hidden = false;
    const body = el('div', {}, el('p', { class: 'hint' }, '正在加载…'));
    const close = el('button', { type: 'button', class: 'small', onclick: () => { detail.hidden = true; detail.replaceChildren(); } }, '返回列表');
    detail.replaceChildren(el('div', { class: 'detail-head' }, [el('h2', { id: 'employee-title' }, '员工详情'), close]), body);
    detail.dataset.userId = userId;
    const path = '/api/admin/employees/' + encodeURIComponent(userId);
    const e = await load(path, body);
    if (!e) return;
    const face = el('div', {}, el('p', { class: 'hint' }, '正在加载…'));
    const consents = el('div', {}, el('p', { class: 'hint' }, '正在加载…'));
    body.replaceChildren(el('div', { class: 'detail-grid' }, [
      el('div', {}, [
        el('h3', {}, [e.name, ' ', el('span', { class: 'code' }, e.userId)]),
        el('dl', { class: 'facts' }, [
          el('dt', {}, '部门'), el('dd', {}, e.departmentIds.map(deptName).join('、') + '（主部门 ' + deptName(e.mainDepartmentId) + '）'),
          el('dt', {}, '直属上级'), el('dd', {}, e.directLeaderUserIds.join('、') || '—'),
          el('dt', {}, '在职'), el('dd', {}, yes(e.active)),
          el('dt', {}, '入职 / 离职'), el('dd', {}, (e.joinedOn || '—') + ' / ' + (e.leftOn || '—')),
        ]),
        rolesForm(e),
      ]),
      el('div', {}, [el('h3', {}, '人脸识别'), face, el('h3', {}, '同意记录'), consents]),
      el('div', {}, [el('h3', {}, '个人信息（PIPL）'), privacyBox(e)]),
    ]));
    detail.scrollIntoView({ block: 'start' });
    const [faceState, consentState] = await Promise.all([load(path + '/face', face), load(path + '/consents', consents)]);
    if (faceState) face.replaceChildren(faceBox(faceState));
    if (consentState) consents.replaceChildren(consentBox(consentState));
  }

  search.addEventListener('submit', (event) => {
    event.preventDefault();
    offset = 0;
    loadList();
  });
  loadDepartments().then(loadList);
}
