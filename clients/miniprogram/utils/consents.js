// Location and face consents (PIPL: separate, recorded, withdrawable), as the H5 page shows them.
const api = require('./api');

const KINDS = ['location', 'face'];

// Whether the answer lets the service use that information now.
function used(kind, body) {
  return kind === 'location' ? Boolean(body.locationUsed) : Boolean(body.granted);
}

// {state, used, button, grant}: the state line, and the one button that changes it.
function view(kind, body) {
  const u = used(kind, body);
  // Face answers carry a notice version once the employee answered; location answers say so themselves.
  const answered = kind === 'location' ? Boolean(body.answered) : Boolean(body.noticeVersion);
  return {
    state: u ? (answered ? '已授权' : '使用中（可撤回）') : (answered ? '已撤回' : '未授权'),
    used: u,
    button: u ? '撤回授权' : '授权',
    grant: !u,
    noticeVersion: body.currentNoticeVersion || '',
  };
}

const load = (kind) => api.request('/api/me/consents/' + kind);

const set = (kind, granted) => api.request('/api/me/consents/' + kind, { method: 'PUT', data: { granted } });

module.exports = { KINDS, used, view, load, set };
