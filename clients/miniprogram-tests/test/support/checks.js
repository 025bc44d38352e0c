// Looks at what the server stored, with the phone's own session (test checks only, not the mini-program's path).
const env = require('./env');

const token = (phone) => phone.stored('attendance.session').token;

async function today(phone) {
  return env.expectOk('GET', '/api/me/today', { token: token(phone) });
}

async function storedPunches(phone) {
  const t = await today(phone);
  return env.expectOk('GET', '/api/me/punches?date=' + t.date, { token: token(phone) });
}

module.exports = { token, today, storedPunches };
