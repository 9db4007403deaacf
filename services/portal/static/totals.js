/* global document, window, setTimeout, clearTimeout */
/*
 * Supplier portal: shows the totals of the manual-entry form as the user types. Exact decimal
 * arithmetic on scaled BigInt (never binary floats), with the hub's rounding: line net amount =
 * quantity x net price rounded to 2 decimals half away from zero; per VAT category and rate the
 * tax = taxable x rate / 100 rounded the same way (0 for Z, E, AE, K, G, O). Numbers are read as
 * the hub reads them and shown in the page language (data-lang of the form). A rate follows its VAT
 * category and an exemption reason appears with its category. The server computes the same figures
 * again on every round trip; without JavaScript the "Recalculate" button does it.
 */
(function () {
  'use strict';
  var ZERO_TAX = { Z: 1, E: 1, AE: 1, K: 1, G: 1, O: 1 };

  /* A decimal is { n: BigInt, s: scale } meaning n / 10^s. */
  /* Numbers as typed (core/portal/numbers.ts reads them the same way): spaces group thousands; with a comma and a
     point the last one is the decimal mark; one mark followed by exactly three digits where it is the language's
     thousands separator (1.075 in German, 1,075 in English) is ambiguous: not a number here, refused by the hub. */
  var GROUP_MARK = { fr: null, de: '.', en: ',' };
  function canonical(text, lang) {
    if (typeof text !== 'string') return null;
    var t = text.trim().replace(/\u2212/g, '-'), sign = '';
    if (t.charAt(0) === '-' || t.charAt(0) === '+') { sign = t.charAt(0) === '-' ? '-' : ''; t = t.slice(1).trim(); }
    t = t.replace(/[\u00a0\u202f]/g, ' ');
    if (!/^[0-9., ]+$/.test(t) || /[ .,]{2}/.test(t)) return null;
    var dots = t.split('.').length - 1, commas = t.split(',').length - 1;
    var decimal = null, group = t.indexOf(' ') >= 0 ? ' ' : null;
    if (dots > 0 && commas > 0) {
      decimal = t.lastIndexOf('.') > t.lastIndexOf(',') ? '.' : ',';
      if (t.split(decimal).length - 1 > 1 || group !== null) return null;
      group = decimal === '.' ? ',' : '.';
    } else if (dots + commas > 0) {
      var mark = dots > 0 ? '.' : ',';
      if (dots + commas > 1) { if (group !== null) return null; group = mark; } else {
        decimal = mark;
        var sides = t.split(mark);
        if (group === null && mark === GROUP_MARK[lang || 'en'] && /^[1-9]\d{0,2}$/.test(sides[0]) && /^\d{3}$/.test(sides[1])) return null;
      }
    }
    var parts = decimal === null ? [t, ''] : t.split(decimal), int = parts[0], frac = parts[1] || '';
    if (!/^\d*$/.test(frac)) return null;
    if (group !== null) {
      if (!new RegExp('^\\d{1,3}(' + (group === '.' ? '\\.' : group) + '\\d{3})+$').test(int)) return null;
      int = int.split(group).join('');
    } else if (!/^\d*$/.test(int)) return null;
    if (int === '' && frac === '') return null;
    return sign + (int === '' ? '0' : int) + (frac === '' ? '' : '.' + frac);
  }
  function parse(text, lang) {
    var t = canonical(text, lang);
    if (t === null) return null;
    var neg = t.charAt(0) === '-';
    t = t.replace(/^-/, '');
    var parts = t.split('.');
    var frac = parts[1] || '';
    var n = BigInt((parts[0] || '0') + frac);
    return { n: neg ? -n : n, s: frac.length };
  }
  function pow10(k) { var p = BigInt(1); for (var i = 0; i < k; i++) p *= BigInt(10); return p; }
  function align(a, s) { return a.s === s ? a.n : a.n * pow10(s - a.s); }
  function add(a, b) { var s = Math.max(a.s, b.s); return { n: align(a, s) + align(b, s), s: s }; }
  function neg(a) { return { n: -a.n, s: a.s }; }
  function mul(a, b) { return { n: a.n * b.n, s: a.s + b.s }; }
  function div100(a) { return { n: a.n, s: a.s + 2 }; }
  /* Round to `d` decimals, half away from zero. */
  function round(a, d) {
    if (a.s <= d) return { n: align(a, d), s: d };
    var f = pow10(a.s - d);
    var abs = a.n < 0 ? -a.n : a.n;
    var q = abs / f;
    if ((abs % f) * BigInt(2) >= f) q += BigInt(1);
    return { n: a.n < 0 ? -q : q, s: d };
  }
  function str(a) {
    var r = round(a, 2);
    var negative = r.n < 0;
    var digits = (negative ? -r.n : r.n).toString();
    while (digits.length < 3) digits = '0' + digits;
    return (negative ? '-' : '') + digits.slice(0, -2) + '.' + digits.slice(-2);
  }
  /* The page's way of writing a canonical decimal text (templates/format.ts NUMBER_STYLE). */
  var STYLE = { fr: { group: '\u00a0', decimal: ',' }, de: { group: '.', decimal: ',' }, en: { group: ',', decimal: '.' } };
  function localise(text, lang) {
    var st = STYLE[lang] || STYLE.en;
    var negative = text.charAt(0) === '-', body = negative ? text.slice(1) : text;
    var parts = body.split('.'), int = parts[0], out = '';
    for (var i = 0; i < int.length; i++) { out += int.charAt(i); var fromEnd = int.length - i; if (fromEnd > 1 && fromEnd % 3 === 1) out += st.group; }
    return (negative ? '-' : '') + out + (parts.length > 1 ? st.decimal + parts[1] : '');
  }
  function rateKey(r) { /* normalised text of a rate: 17, 17.0 and 17.00 are the same rate */
    if (r === null) return '0';
    var s = r.n.toString(), k = r.s;
    while (k > 0 && s.slice(-1) === '0') { s = s.slice(0, -1); k--; }
    if (k === 0) return s;
    var negative = s.charAt(0) === '-';
    if (negative) s = s.slice(1);
    while (s.length <= k) s = '0' + s;
    return (negative ? '-' : '') + s.slice(0, -k) + '.' + s.slice(-k);
  }
  function val(container, role) {
    var el = container.querySelector('[data-totals="' + role + '"]');
    return el ? el.value : '';
  }
  function setText(id, text) { var el = document.getElementById(id); if (el) el.textContent = text; }

  function recompute(form) {
    var lang = form.getAttribute('data-lang') || 'en';
    function num(text) { return parse(text, lang); }
    function out(a) { return localise(str(a), lang); }
    var buckets = {}, order = [];
    var lineSum = { n: BigInt(0), s: 0 }, allowSum = { n: BigInt(0), s: 0 }, chargeSum = { n: BigInt(0), s: 0 };
    var ok = true, haveLines = false, nAllow = 0, nCharge = 0;
    function bucket(cat, rate, amount) {
      var key = cat + '|' + rateKey(rate);
      if (!buckets[key]) { buckets[key] = { cat: cat, rate: rate, taxable: { n: BigInt(0), s: 0 } }; order.push(key); }
      buckets[key].taxable = add(buckets[key].taxable, amount);
    }
    form.querySelectorAll('[data-line]').forEach(function (line) {
      var i = line.getAttribute('data-line');
      var q = num(val(line, 'qty')), p = num(val(line, 'price'));
      var rText = val(line, 'rate'), r = rText.trim() === '' ? null : num(rText);
      if (q === null || p === null || (rText.trim() !== '' && r === null)) { setText('out-line-' + i, '–'); ok = false; return; }
      var net = round(mul(q, p), 2);
      haveLines = true;
      setText('out-line-' + i, out(net));
      lineSum = add(lineSum, net);
      bucket(val(line, 'cat') || 'S', r, net);
    });
    [['allowance', -1], ['charge', 1]].forEach(function (kind) {
      form.querySelectorAll('[data-' + kind[0] + ']').forEach(function (row) {
        var a = num(val(row, 'amount'));
        var rText = val(row, 'rate'), r = rText.trim() === '' ? null : num(rText);
        if (a === null || (rText.trim() !== '' && r === null)) { ok = false; return; }
        a = round(a, 2);
        if (kind[1] < 0) { allowSum = add(allowSum, a); nAllow++; bucket(val(row, 'cat') || 'S', r, neg(a)); }
        else { chargeSum = add(chargeSum, a); nCharge++; bucket(val(row, 'cat') || 'S', r, a); }
      });
    });
    var vat = { n: BigInt(0), s: 0 };
    var tbody = document.getElementById('vat-breakdown-body');
    var rows = [];
    order.forEach(function (key) {
      var b = buckets[key];
      var taxable = round(b.taxable, 2);
      var tax = ZERO_TAX[b.cat] || b.rate === null ? { n: BigInt(0), s: 2 } : round(div100(mul(b.taxable, b.rate)), 2);
      vat = add(vat, tax);
      rows.push([b.cat, localise(rateKey(b.rate), lang), out(taxable), out(tax)]);
    });
    if (tbody) {
      while (tbody.firstChild) tbody.removeChild(tbody.firstChild);
      if (rows.length === 0) {
        var tr0 = document.createElement('tr'), td0 = document.createElement('td');
        td0.colSpan = 4; td0.textContent = form.getAttribute('data-no-results') || '';
        tr0.appendChild(td0); tbody.appendChild(tr0);
      }
      rows.forEach(function (cells) {
        var tr = document.createElement('tr');
        cells.forEach(function (c, k) { var td = document.createElement('td'); if (k > 0) td.className = 'num'; td.textContent = c; tr.appendChild(td); });
        tbody.appendChild(tr);
      });
    }
    if (!haveLines) return;
    var taxExcl = add(add(lineSum, neg(allowSum)), chargeSum);
    var taxIncl = add(round(taxExcl, 2), vat);
    setText('out-BT-106', out(lineSum));
    setText('out-BT-107', nAllow > 0 ? out(allowSum) : '–');
    setText('out-BT-108', nCharge > 0 ? out(chargeSum) : '–');
    setText('out-BT-109', out(taxExcl));
    setText('out-BT-110', out(vat));
    setText('out-BT-112', out(taxIncl));
    setText('out-BT-115', out(taxIncl));
    form.setAttribute('data-totals-complete', ok ? 'true' : 'false');
  }

  /* The rate follows the category (the option's data-rate: 0, or none for O); back to S, the rate typed before returns. */
  function followCategory(select) {
    var row = select.closest('[data-line], [data-allowance], [data-charge]');
    var rate = row ? row.querySelector('[data-totals="rate"]') : null;
    if (!rate) return;
    var opt = select.options[select.selectedIndex];
    var fixed = opt ? opt.getAttribute('data-rate') : null;
    if (fixed !== null) {
      if (!rate.hasAttribute('data-typed-rate')) rate.setAttribute('data-typed-rate', rate.value);
      rate.value = fixed;
    } else if (rate.hasAttribute('data-typed-rate')) {
      rate.value = rate.getAttribute('data-typed-rate') || '17';
      rate.removeAttribute('data-typed-rate');
    }
  }
  /* An exemption reason appears as soon as a row uses its category. */
  function showExemptions(form) {
    var used = {};
    form.querySelectorAll('select[data-totals="cat"]').forEach(function (s) { used[s.value] = true; });
    var any = false;
    form.querySelectorAll('[data-exemption]').forEach(function (block) {
      var on = !!used[block.getAttribute('data-exemption')];
      block.hidden = !on;
      any = any || on;
    });
    var none = document.getElementById('no-exemption');
    if (none) none.hidden = any;
  }

  function start() {
    var form = document.getElementById('invoice-form');
    if (!form) return;
    var pending = null;
    form.addEventListener('input', function (e) {
      var t = e.target;
      if (!t || !t.getAttribute || !t.getAttribute('data-totals')) return;
      if (pending) clearTimeout(pending);
      pending = setTimeout(function () { pending = null; recompute(form); }, 150);
    });
    /* Enter in the directory search box searches (without JavaScript it checks the form, the default button) */
    var q = document.getElementById('f-recipientQuery');
    var searchButton = form.querySelector('button[value="search"]');
    if (q && searchButton) q.addEventListener('keydown', function (e) { if (e.key === 'Enter') { e.preventDefault(); searchButton.click(); } });
    /* the language links keep what was typed: they post the form (recalculate) in the chosen language */
    document.querySelectorAll('.lang-switcher a[hreflang]').forEach(function (a) {
      a.addEventListener('click', function (e) {
        e.preventDefault();
        var h = document.createElement('input');
        h.type = 'hidden'; h.name = 'action'; h.value = 'recalculate';
        form.appendChild(h);
        form.setAttribute('action', '/portal/invoices/new?lang=' + encodeURIComponent(a.getAttribute('hreflang')));
        form.submit();
      });
    });
    form.addEventListener('change', function (e) {
      var t = e.target;
      if (!t || !t.getAttribute || !t.getAttribute('data-totals')) return;
      if (t.getAttribute('data-totals') === 'cat') { followCategory(t); showExemptions(form); }
      recompute(form);
    });
  }
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start); else start();
  if (typeof window !== 'undefined') window.portalDecimal = { parse: parse, add: add, mul: mul, round: round, str: str, localise: localise };
})();
