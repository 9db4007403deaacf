/* global document, window, setTimeout, clearTimeout */
/*
 * Supplier portal: shows the totals of the manual-entry form as the user types. Exact decimal
 * arithmetic on scaled BigInt (never binary floats), with the hub's rounding: line net amount =
 * quantity x net price rounded to 2 decimals half away from zero; per VAT category and rate the
 * tax = taxable x rate / 100 rounded the same way (0 for Z, E, AE, K, G, O). The server computes
 * the same figures again on every round trip; without JavaScript the "Recalculate" button does it.
 */
(function () {
  'use strict';
  var ZERO_TAX = { Z: 1, E: 1, AE: 1, K: 1, G: 1, O: 1 };

  /* A decimal is { n: BigInt, s: scale } meaning n / 10^s. */
  function parse(text) {
    if (typeof text !== 'string') return null;
    var t = text.trim().replace(',', '.');
    if (!/^[+-]?(\d+(\.\d*)?|\.\d+)$/.test(t)) return null;
    var neg = t.charAt(0) === '-';
    t = t.replace(/^[+-]/, '');
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
      var q = parse(val(line, 'qty')), p = parse(val(line, 'price'));
      var rText = val(line, 'rate'), r = rText.trim() === '' ? null : parse(rText);
      if (q === null || p === null || (rText.trim() !== '' && r === null)) { setText('out-line-' + i, '–'); ok = false; return; }
      var net = round(mul(q, p), 2);
      haveLines = true;
      setText('out-line-' + i, str(net));
      lineSum = add(lineSum, net);
      bucket(val(line, 'cat') || 'S', r, net);
    });
    [['allowance', -1], ['charge', 1]].forEach(function (kind) {
      form.querySelectorAll('[data-' + kind[0] + ']').forEach(function (row) {
        var a = parse(val(row, 'amount'));
        var rText = val(row, 'rate'), r = rText.trim() === '' ? null : parse(rText);
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
      rows.push([b.cat, rateKey(b.rate), str(taxable), str(tax)]);
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
    setText('out-BT-106', str(lineSum));
    setText('out-BT-107', nAllow > 0 ? str(allowSum) : '–');
    setText('out-BT-108', nCharge > 0 ? str(chargeSum) : '–');
    setText('out-BT-109', str(taxExcl));
    setText('out-BT-110', str(vat));
    setText('out-BT-112', str(taxIncl));
    setText('out-BT-115', str(taxIncl));
    form.setAttribute('data-totals-complete', ok ? 'true' : 'false');
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
      if (t && t.getAttribute && t.getAttribute('data-totals')) recompute(form);
    });
  }
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start); else start();
  if (typeof window !== 'undefined') window.portalDecimal = { parse: parse, add: add, mul: mul, round: round, str: str };
})();
