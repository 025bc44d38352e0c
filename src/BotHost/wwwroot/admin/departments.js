// 部门: the department tree (usually synced from WeCom's directory; HR may add or correct one here): name, parent,
// leaders (their userids) and the daily digest: a group robot key (masked as the API shows it; sending the mask
// back keeps the stored key), a group chat id, its own cron and time zone.
import { el } from './dom.js';
import { field } from './form.js';
import { headRow, number, recordPage, select, text } from './kit.js';

// The departments in tree order with their depth; a parent missing from the list makes its children roots.
function treeOrder(departments) {
  const ids = new Set(departments.map((d) => d.id));
  const children = new Map();
  for (const d of departments) {
    const parent = d.parentId && ids.has(d.parentId) ? d.parentId : null;
    if (!children.has(parent)) children.set(parent, []);
    children.get(parent).push(d);
  }
  const out = [];
  const walk = (parent, depth, seen) => {
    for (const d of (children.get(parent) || []).sort((a, b) => a.id - b.id)) {
      if (seen.has(d.id)) continue;
      seen.add(d.id);
      out.push({ d, depth });
      walk(d.id, depth + 1, seen);
    }
  };
  walk(null, 0, new Set());
  return out;
}

let all = [];

export function renderDepartments(main, ctx) {
  recordPage(main, ctx, {
    key: 'departments',
    path: '/api/admin/departments',
    noun: '部门',
    title: '部门结构',
    empty: '还没有部门。配置企业微信后运行“通讯录同步”会自动导入；也可以在这里手动新建。',
    intro: '部门一般从企业微信通讯录同步（任务与消息 → 通讯录同步）。在此可设置部门负责人和每日异常汇总的发送方式。',
    label: (d) => d.name + '（' + d.id + '）',
    list: (departments, actions) => {
      all = departments;
      const name = (id) => (departments.find((d) => d.id === id) || {}).name;
      return el('div', { class: 'table-wrap' }, el('table', { class: 'tree' }, [
        headRow(['部门', '编号', '负责人', '异常汇总', ctx.caller.everyone ? '操作' : null]),
        el('tbody', {}, treeOrder(departments).map(({ d, depth }) => el('tr', { 'data-department-id': String(d.id) }, [
          el('td', { class: 'tree-name depth-' + Math.min(depth, 6) }, [depth > 0 ? el('span', { class: 'branch', 'aria-hidden': 'true' }, '└ ') : null,
            el('strong', {}, d.name), d.parentId && !name(d.parentId) ? el('div', { class: 'hint' }, '上级 ' + d.parentId + ' 不在列表中') : null]),
          el('td', { class: 'code' }, String(d.id)),
          el('td', {}, d.leaderUserIds.length ? d.leaderUserIds.join('、') : el('span', { class: 'hint' }, '未设置')),
          el('td', {}, digest(d.digest)),
          actions(d),
        ]))),
      ]));
    },
    editor: (d) => editor(d),
  });
}

function digest(g) {
  const parts = [];
  if (g.robotKey) parts.push('群机器人 ' + g.robotKey);
  if (g.chatId) parts.push('群聊 ' + g.chatId);
  if (parts.length === 0) return el('span', { class: 'hint' }, '发给负责人（应用消息）');
  return [parts.join('；'), el('div', { class: 'hint' }, g.cron ? '计划 ' + g.cron + (g.timeZone ? ' · ' + g.timeZone : '') : '随全局计划')];
}

function editor(d) {
  const g = (d && d.digest) || {};
  const id = number({ value: d ? d.id : '', disabled: d ? true : null, step: 1, min: 1, placeholder: '企业微信部门 ID' });
  const name = text({ value: d ? d.name : '', maxlength: 64 });
  const parent = select([['', '（无：顶级部门）']].concat(all.filter((x) => !d || x.id !== d.id).map((x) => [String(x.id), x.name + '（' + x.id + '）'])),
    d && d.parentId ? String(d.parentId) : '');
  const leaders = text({ value: d ? d.leaderUserIds.join(', ') : '', placeholder: '例如 zhangwei, lina' });
  const robotKey = text({ value: g.robotKey || '', placeholder: '群机器人 Webhook 的 key' });
  const chatId = text({ value: g.chatId || '', maxlength: 64 });
  const cron = text({ value: g.cron || '', placeholder: '例如 0 30 9 ? * MON-FRI' });
  const timeZone = text({ value: g.timeZone || '', placeholder: 'Asia/Shanghai' });
  return {
    id: () => (d ? String(d.id) : id.value.trim()),
    nodes: [
      el('div', { class: 'form-grid' }, [
        field('部门 ID', 'id', id, d ? '部门 ID 不能修改' : '与企业微信通讯录中的部门 ID 一致（正整数）'),
        field('名称', 'name', name),
        field('上级部门', 'parentId', parent),
        field('负责人', 'leaderUserIds', leaders, '企业微信 userid，多个用逗号分隔；负责人可查看本部门考勤'),
      ]),
      el('h3', {}, '每日异常汇总'),
      el('p', { class: 'hint' }, '都不填时，汇总以应用消息发给部门负责人。填写群机器人 key 或群聊 ID 则发到群里。'),
      el('div', { class: 'form-grid' }, [
        field('群机器人 key', 'digest.robotKey', robotKey, d && g.robotKey ? '已保存的 key 只显示末 4 位；保持不变即沿用，清空即删除' : '群机器人 Webhook 地址中 key= 之后的部分'),
        field('群聊 ID', 'digest.chatId', chatId, '应用创建的群聊 chatid（可选）'),
        field('发送计划（cron）', 'digest.cron', cron, 'Quartz 格式，6 或 7 段；不填则随全局计划'),
        field('时区', 'digest.timeZone', timeZone, '不填则用系统默认时区'),
      ]),
    ],
    body: () => ({
      name: name.value,
      parentId: parent.value === '' ? null : Number(parent.value),
      leaderUserIds: leaders.value.split(/[\s,，、;；]+/).filter(Boolean),
      digest: { robotKey: robotKey.value.trim() || null, chatId: chatId.value.trim() || null, cron: cron.value.trim() || null, timeZone: timeZone.value.trim() || null },
    }),
  };
}
