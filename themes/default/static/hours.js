// Marks today's hours and says if the business is open now, in its time zone (#hours-data).
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
  const two = (v) => String(v).padStart(2, '0');
  const hm = (m) => (m >= 1440 ? 'midnight' : `${two(Math.floor(m / 60))}:${two(m % 60)}`);
  const names = 'Monday Tuesday Wednesday Thursday Friday Saturday Sunday'.split(' ');
  const [spans, note] = on(today);
  const open = spans.find((s) => s[0] <= now && now < s[1]);
  let text;
  if (open) {
    text = `Open now, until ${hm(open[1])}`;
  } else {
    let next = null;
    for (let i = 0; i < 15 && !next; i += 1) {
      const t = today + i * DAY;
      const s = on(t)[0].find((x) => i > 0 || x[0] > now);
      if (s) next = [i, t, s[0]];
    }
    const when = next && (next[0] === 0 ? 'today' : next[0] === 1 ? 'tomorrow' : names[dow(next[1])]);
    text = `Closed${note ? ` ${spans.length ? 'now' : 'today'} (${note})` : ''}${next ? `, opens ${when} ${hm(next[2])}` : ''}`;
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
