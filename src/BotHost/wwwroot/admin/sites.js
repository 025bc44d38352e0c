// 打卡地点: the sites people punch at: a circle or polygon fence entered as coordinates (GCJ-02 or WGS-84), Wi-Fi
// access points, the departments a site applies to, and what happens to a punch outside every fence. With
// Console:TencentMapKey configured, 地图选点 opens Tencent's location picker (an iframe that posts the picked GCJ-02 point).
import { call } from './api.js';
import { el } from './dom.js';
import { field } from './form.js';
import { check, headRow, num, number, recordPage, rows, select, str, text } from './kit.js';

const DATUMS = [
  ['gcj02', 'GCJ-02（腾讯/高德地图）'],
  ['wgs84', 'WGS-84（GPS 原始坐标）'],
];
const POLICIES = [
  ['exception', '允许打卡，标记为地点异常'],
  ['field', '允许打卡，记为外勤'],
  ['forbid', '不允许打卡'],
];
const POLICY_LABELS = Object.fromEntries(POLICIES.map(([v, l]) => [v, l]));

// What the host allows beyond its own origin (GET /api/admin/console/config): the map picker, when configured.
let config = null;
async function consoleConfig() {
  if (config) return config;
  try {
    const answer = await call('/api/admin/console/config');
    config = answer.ok ? answer.body || {} : {};
  } catch {
    config = {};
  }
  return config;
}

const fence = (s) => (s.circle
  ? '圆形：' + s.circle.latitude + ', ' + s.circle.longitude + '，半径 ' + s.circle.radiusMeters + ' 米'
  : '多边形：' + (s.polygon || []).length + ' 个顶点');

export async function renderSites(main, ctx) {
  const [departments, picker] = await Promise.all([
    call('/api/admin/departments').then((a) => (a.ok ? a.body : []), () => []),
    consoleConfig(),
  ]);
  const deptName = (id) => (departments.find((d) => d.id === id) || {}).name || '部门 ' + id;

  recordPage(main, ctx, {
    key: 'sites',
    path: '/api/admin/sites',
    noun: '打卡地点',
    title: '打卡地点列表',
    empty: '还没有打卡地点。点击“新建打卡地点”，填写位置和范围后，员工在范围内即可打卡。',
    intro: '打卡地点决定员工在哪里可以打卡：地理围栏（圆形或多边形）与 Wi-Fi 任一符合即算在范围内。坐标按所选坐标系录入，保存后统一以 GCJ-02 显示。',
    label: (s) => s.name + '（' + s.id + '）',
    list: (sites, actions) => el('div', { class: 'table-wrap' }, el('table', {}, [
      headRow(['名称', '围栏', 'Wi-Fi', '适用部门', '范围外打卡', '要求', ctx.caller.everyone ? '操作' : null]),
      el('tbody', {}, sites.map((s) => el('tr', { 'data-site-id': s.id }, [
        el('td', { class: 'name' }, [el('strong', {}, s.name), el('div', { class: 'code' }, s.id)]),
        el('td', { class: 'fence' }, [fence(s), el('div', { class: 'hint' }, 'GCJ-02' + (s.enteredAs === 'wgs84' ? '（录入时为 WGS-84）' : ''))]),
        el('td', { class: 'wifi' }, s.wifi.length === 0 ? el('span', { class: 'hint' }, '无') : s.wifi.map((w) => el('div', {}, [w.ssid || '（未填名称）', ' ', el('span', { class: 'code' }, w.bssid)]))),
        el('td', {}, s.departmentIds.length === 0 ? '全部员工' : s.departmentIds.map(deptName).join('、')),
        el('td', {}, POLICY_LABELS[s.outOfRange] || s.outOfRange),
        el('td', {}, [s.requirePhoto ? '拍照' : null, s.requirePhoto && s.requireFace ? '、' : null, s.requireFace ? '人脸' : null].filter(Boolean).join('') || el('span', { class: 'hint' }, '无')),
        actions(s),
      ]))),
    ])),
    editor: (site) => editor(site, departments, picker),
  });
}

function editor(site, departments, picker) {
  const s = site || { coordinateSystem: 'gcj02', circle: { radiusMeters: 300 }, wifi: [], departmentIds: [], outOfRange: 'exception' };
  const id = text({ value: site ? site.id : '', disabled: site ? true : null, maxlength: 64, placeholder: '例如 hq' });
  const name = text({ value: s.name || '', maxlength: 100, placeholder: '例如 总部大楼' });
  const datum = select(DATUMS, site ? 'gcj02' : s.coordinateSystem);
  const shape = select([['circle', '圆形：中心点 + 半径'], ['polygon', '多边形：按顺序填写各顶点']], s.polygon ? 'polygon' : 'circle');
  const c = s.circle || { radiusMeters: 300 };
  const lat = number({ value: c.latitude ?? '', placeholder: '例如 31.2304' });
  const lng = number({ value: c.longitude ?? '', placeholder: '例如 121.4737' });
  const radius = number({ value: c.radiusMeters ?? '', min: 1, max: 50000, step: 1 });
  const circle = el('div', { class: 'form-grid' }, [
    field('中心纬度', 'circle.latitude', lat, '−90 到 90，北纬为正'),
    field('中心经度', 'circle.longitude', lng, '−180 到 180，东经为正'),
    field('半径（米）', 'circle.radiusMeters', radius, '1–50000 米；写字楼一般 200–500 米'),
  ]);
  const polygon = rows('polygon', (p) => [
    ['纬度', 'latitude', number({ value: p.latitude ?? '' })],
    ['经度', 'longitude', number({ value: p.longitude ?? '' })],
  ], { min: 0, addLabel: '添加顶点', empty: '至少 3 个顶点，按围栏边界顺序填写。' });
  for (const p of s.polygon || []) polygon.add(p);
  if (!s.polygon) for (let i = 0; i < 3; i++) polygon.add();
  const polygonBlock = el('div', { class: 'polygon' }, [el('p', { class: 'hint' }, '多边形围栏：3–500 个顶点，边不能交叉。'), polygon.node]);

  const wifi = rows('wifi', (w) => [
    ['Wi-Fi 名称（SSID）', 'ssid', text({ value: w.ssid || '', maxlength: 32, placeholder: '例如 Company-Office' })],
    ['BSSID（路由器 MAC 地址）', 'bssid', text({ value: w.bssid || '', placeholder: 'aa:bb:cc:dd:ee:ff' })],
  ], { addLabel: '添加 Wi-Fi', empty: '未设置 Wi-Fi：只按位置判断。' });
  for (const w of s.wifi) wifi.add(w);

  const depts = el('fieldset', { class: 'field depts' }, [
    el('legend', {}, '适用部门'),
    el('p', { class: 'hint' }, '都不勾选 = 全部员工都可在此打卡。'),
    departments.length === 0 ? el('p', { class: 'hint' }, '还没有部门（可在“部门”页添加，或同步企业微信通讯录）。') : null,
    el('div', { class: 'check-list' }, departments.map((d) => el('label', {}, [
      el('input', { type: 'checkbox', value: String(d.id), checked: s.departmentIds.includes(d.id) ? true : null }), ' ', d.name,
    ]))),
    el('p', { class: 'field-error', 'data-error-for': 'departmentIds', role: 'alert', hidden: true }),
  ]);
  const policy = select(POLICIES, s.outOfRange);

  const pickNote = el('p', { class: 'hint', role: 'status' });
  const pickerBox = el('div', { class: 'map-picker', hidden: true });
  const mapButton = picker.mapPickerUrl ? el('button', { type: 'button', class: 'small' }, '地图选点') : null;
  if (mapButton) {
    mapButton.addEventListener('click', () => {
      const at = num(lat) !== null && num(lng) !== null && datum.value === 'gcj02' ? '&coord=' + num(lat) + ',' + num(lng) : '';
      pickerBox.replaceChildren(
        el('p', { class: 'hint' }, '在地图上搜索或点选位置，点“确定”后坐标自动填入（GCJ-02）。'),
        el('iframe', { src: picker.mapPickerUrl + at, title: '腾讯地图选点', class: 'map-frame' }),
        el('button', { type: 'button', class: 'small', onclick: () => { pickerBox.hidden = true; pickerBox.replaceChildren(); } }, '关闭地图'));
      pickerBox.hidden = false;
    });
    // Tencent's picker posts {module: 'locationPicker', latlng: {lat, lng}, poiname, poiaddress} to this page.
    const onPick = (event) => {
      if (!pickerBox.isConnected) { window.removeEventListener('message', onPick); return; }
      const d = event.data;
      if (event.origin !== picker.mapPickerOrigin || !d || d.module !== 'locationPicker' || !d.latlng) return;
      datum.value = 'gcj02';
      if (shape.value === 'circle') {
        lat.value = String(d.latlng.lat);
        lng.value = String(d.latlng.lng);
      } else {
        polygon.add({ latitude: d.latlng.lat, longitude: d.latlng.lng });
      }
      if (!name.value.trim() && d.poiname) name.value = d.poiname;
      pickNote.textContent = '已选：' + (d.poiname || '') + ' ' + (d.poiaddress || '') + '（' + d.latlng.lat + ', ' + d.latlng.lng + '，GCJ-02）';
      pickerBox.hidden = true;
      pickerBox.replaceChildren();
    };
    window.addEventListener('message', onPick);
  }

  const showShape = () => {
    circle.hidden = shape.value !== 'circle';
    polygonBlock.hidden = shape.value !== 'polygon';
  };
  shape.addEventListener('change', showShape);
  showShape();

  return {
    id: () => (site ? site.id : id.value.trim()),
    nodes: [
      el('div', { class: 'form-grid' }, [
        field('编号', 'id', id, site ? '编号创建后不能修改' : '1–64 位字母、数字、_ 或 -，用于接口和日志'),
        field('名称', 'name', name, '员工打卡时看到的地点名称'),
        field('坐标系', 'coordinateSystem', datum, '从腾讯/高德地图取的坐标选 GCJ-02；百度地图（BD-09）坐标请先转换'),
        field('围栏形状', 'shape', shape),
      ]),
      el('h3', {}, '位置范围'),
      mapButton ? el('div', { class: 'toolbar' }, [mapButton, pickNote]) : el('p', { class: 'hint' }, '可在腾讯地图或高德地图上右键/长按取点，复制经纬度填入（GCJ-02）。配置 Console:TencentMapKey 后此处可直接在地图上选点。'),
      pickerBox,
      el('p', { class: 'field-error', 'data-error-for': 'circle', role: 'alert', hidden: true }),
      circle,
      polygonBlock,
      el('h3', {}, 'Wi-Fi'),
      el('p', { class: 'hint' }, '连上列表中的 Wi-Fi 也算在范围内（按 BSSID 判断，SSID 仅供识别）。'),
      wifi.node,
      el('h3', {}, '规则'),
      el('div', { class: 'form-grid' }, [
        field('不在范围内时', 'outOfRange', policy, '员工在所有适用地点的范围外打卡时的处理方式'),
        check('打卡时须拍照', 'requirePhoto', s.requirePhoto),
        check('打卡时须人脸核验', 'requireFace', s.requireFace, '员工须先录入人脸并同意'),
      ]),
      depts,
    ],
    body: () => ({
      name: name.value,
      coordinateSystem: datum.value,
      circle: shape.value === 'circle' ? { latitude: num(lat), longitude: num(lng), radiusMeters: num(radius) } : null,
      polygon: shape.value === 'polygon' ? polygon.values().map((p) => ({ latitude: num(p.latitude), longitude: num(p.longitude) })) : null,
      wifi: wifi.values().map((w) => ({ ssid: str(w.ssid), bssid: w.bssid.value.trim() })),
      departmentIds: [...depts.querySelectorAll('input:checked')].map((b) => Number(b.value)),
      outOfRange: policy.value,
      requirePhoto: document.getElementById('f-requirePhoto').checked,
      requireFace: document.getElementById('f-requireFace').checked,
    }),
  };
}
