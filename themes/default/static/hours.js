// Marks today's hours and says if the business is open now, in its zone (#hours-data).
(() => {
  const el = document.getElementById('hours-data');
  if (!el) return;
  const d = JSON.parse(el.textContent);
  const p = {};
  const n = 'numeric';
  for (const x of new Intl.DateTimeFormat('en-US', {
    timeZone: d.tz, hourCycle: 'h23', year: n, month: n, day: n, hour: n, minute: n,
  }).formatToParts(new Date())) p[x.type] = +x.value;
  const DAY = 864e5;
  const today = Date.UTC(p.year, p.month - 1, p.day);
  const now = (p.hour % 24) * 60 + p.minute;
  const dow = (t) => (new Date(t).getUTCDay() + 6) % 7;
  const on = (t) => {
    const s = new Date(t).toISOString().slice(0, 10);
    const sp = d.special.find((x) => x.from <= s && s <= x.to);
    return sp ? [sp.spans, sp.note] : [d.week[dow(t)], null];
  };
  // Words, weekday names (Monday first) and times: in the site's language.
  const w = d.t;
  const fill = (s, v) => s.replace(/\{(\w+)\}/g, (m, k) => (k in v ? v[k] : m));
  const hm = (m) => d.times[m];
  const [spans, note] = on(today);
  const open = spans.find((s) => s[0] <= now && now < s[1]);
  let text;
  if (open) {
    text = fill(w.open_until, { time: hm(open[1]) });
  } else {
    let next = null;
    for (let i = 0; i < 15 && !next; i += 1) {
      const t = today + i * DAY;
      const s = on(t)[0].find((x) => i > 0 || x[0] > now);
      if (s) next = [i, t, s[0]];
    }
    const status = note ? fill(spans.length ? w.closed_now : w.closed_today, { note }) : w.closed;
    const k = next && ['opens_today', 'opens_tomorrow'][next[0]];
    text = next ? fill(w[k || 'opens_on'], { status, day: d.days[dow(next[1])], time: hm(next[2]) }) : status;
  }
  for (const s of document.querySelectorAll('[data-open-status]')) {
    s.textContent = text;
    s.classList.add(open ? 'is-open' : 'is-closed');
    s.hidden = false;
  }
  for (const r of document.querySelectorAll(`.hours-table tr[data-day="${dow(today)}"]`)) {
    r.classList.add('today');
    r.setAttribute('aria-current', 'date');
  }
})();
