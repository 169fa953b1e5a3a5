// The checkout's summary follows the shipping country, region and method without a reload: it asks the server
// (totals.json) and draws what comes back. Every amount is the server's; this script only shows it. Without
// JavaScript the "Update totals" button posts the form and the page comes back with the same summary.
(function () {
  'use strict';
  const form = document.querySelector('form[data-totals-url]');
  if (!form) return;
  const summary = form.querySelector('[data-summary]');
  const methods = form.querySelector('[data-methods]');
  const country = form.querySelector('[name="shipping-country"]');
  const region = form.querySelector('[name="shipping-region"]');
  const sameBilling = form.querySelector('[name="billing_same"]');
  const billing = form.querySelector('[data-billing]');
  const update = form.querySelector('[data-update-totals]');
  if (update) update.hidden = true;
  let asked = 0;

  function chosenMethod() {
    const checked = methods.querySelector('input[type=radio]:checked');
    return checked ? checked.value : '';
  }

  function element(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function drawMethods(data) {
    methods.querySelectorAll('label.shipping-method, p.muted').forEach((node) => node.remove());
    const legend = methods.querySelector('legend');
    if (!data.methods.length) {
      legend.after(element('p', 'muted', 'No shipping method delivers to this country.'));
      return;
    }
    let after = legend;
    data.methods.forEach((method) => {
      const label = element('label', 'shipping-method');
      const input = document.createElement('input');
      Object.assign(input, { type: 'radio', name: 'shipping_method', value: String(method.id) });
      input.checked = method.id === data.method_id;
      label.append(input, element('span', 'method-name', method.name), element('span', 'muted method-time', method.delivery_time),
        element('span', 'method-price', method.price_text));
      after.after(label);
      after = label;
    });
  }

  function drawSummary(data) {
    summary.querySelector('[data-amount="subtotal"]').textContent = data.text.subtotal;
    summary.querySelector('[data-amount="shipping"]').textContent = data.text.shipping;
    summary.querySelector('[data-amount="total"]').textContent = data.text.total;
    const name = summary.querySelector('[data-method-name]');
    const chosen = data.methods.find((method) => method.id === data.method_id);
    if (name) name.textContent = chosen ? `(${chosen.name})` : '';
    const taxes = summary.querySelector('[data-tax-lines]');
    taxes.replaceChildren();
    data.tax_lines.forEach((line) => {
      const rate = `${line.basis_points / 100} %${data.prices_include_tax ? ' (included)' : ''}`;
      taxes.append(element('dt', '', `${line.name} ${rate}`), element('dd', '', line.amount_text));
    });
  }

  async function refresh(redrawMethods) {
    const ask = ++asked;
    const params = new URLSearchParams({ country: country.value, region: region ? region.value : '', method: chosenMethod() });
    const response = await fetch(`${form.dataset.totalsUrl}?${params}`, { headers: { Accept: 'application/json' } });
    if (!response.ok || ask !== asked) return;
    const data = await response.json();
    if (redrawMethods) drawMethods(data);
    drawSummary(data);
  }

  // A customer picks an address of their book: it fills the shipping address in, then the summary follows it.
  const saved = form.querySelector('[data-saved-addresses]');
  if (saved) {
    const book = JSON.parse(saved.dataset.savedAddresses);
    saved.addEventListener('change', () => {
      const address = book[saved.value];
      if (!address) return;
      Object.entries(address).forEach(([name, value]) => {
        const input = form.querySelector(`[name="shipping-${name}"]`);
        if (input) input.value = value;
      });
      country.dispatchEvent(new Event('change', { bubbles: true }));
    });
  }

  country.addEventListener('change', () => refresh(true));
  if (region) region.addEventListener('change', () => refresh(false));
  methods.addEventListener('change', () => refresh(false));
  if (sameBilling && billing) {
    billing.hidden = sameBilling.checked;
    sameBilling.addEventListener('change', () => { billing.hidden = sameBilling.checked; });
  }
})();
