// "Open now" and today's row in each hours' zone (#hours-data, [data-hours]).
(() => {
const show = (d, el, mine) => {
 const p = {};
 const n = 'numeric';
 for (const x of new Intl.DateTimeFormat('en-US', {
  timeZone: d.tz, hourCycle: 'h23', year: n, month: n, day: n, hour: n, minute: n,
 }).formatToParts(new Date())) p[x.type] = +x.value;
 const td = Date.UTC(p.year, p.month - 1, p.day);
 const now = (p.hour % 24) * 60 + p.minute;
 const dow = t => (new Date(t).getUTCDay() + 6) % 7;
 const on = t => {
  const s = new Date(t).toISOString().slice(0, 10);
  const o = d.special.find(x => x.from <= s && s <= x.to);
  return o ? [o.spans, o.note] : [d.week[dow(t)], null];
 };
 const w = d.t;
 const fill = (s, v) => s.replace(/\{(\w+)\}/g, (m, k) => k in v ? v[k] : m);
 const [sp, note] = on(td);
 const open = sp.find(s => s[0] <= now && now < s[1]);
 let tx;
 if (open) {
  tx = fill(w.open_until, { time: d.times[open[1]] });
 } else {
  let next = null;
  for (let i = 0; i < 15 && !next; i++) {
   const t = td + i * 864e5;
   const s = on(t)[0].find(x => i > 0 || x[0] > now);
   if (s) next = [i, t, s[0]];
  }
  const status = note ? fill(sp.length ? w.closed_now : w.closed_today, { note }) : w.closed;
  const k = next && ['opens_today', 'opens_tomorrow'][next[0]];
  tx = next ? fill(w[k || 'opens_on'], { status, day: d.days[dow(next[1])], time: d.times[next[2]] }) : status;
 }
 for (const s of el.querySelectorAll('[data-open-status]')) if (mine(s)) {
  s.textContent = tx;
  s.classList.add(open ? 'is-open' : 'is-closed');
  s.hidden = false;
 }
 for (const r of el.querySelectorAll(`.hours-table tr[data-day="${dow(td)}"]`)) if (mine(r)) {
  r.classList.add('today');
  r.setAttribute('aria-current', 'date');
 }
};
const b = 'data-hours';
const h = document.getElementById('hours-data');
if (h) show(JSON.parse(h.textContent), document, e => !e.closest(`[${b}]`));
for (const e of document.querySelectorAll(`[${b}]`)) {
 show(JSON.parse(e.querySelector('script').textContent), e, x => x.closest(`[${b}]`) === e);
}
})();
