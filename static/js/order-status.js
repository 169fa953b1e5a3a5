// Keeps the order page's progress current without reloading: polls the order's status JSON every few seconds
// until the order reaches a final status, then shows the print-file download links, and keeps asking (for a few
// minutes at most) while the worker is still making their proofs.
(function () {
  'use strict';

  // Selecting the private link on focus makes it easy to copy.
  document.querySelectorAll('[data-select-on-focus]').forEach((input) => {
    input.addEventListener('focus', () => input.select());
  });

  const area = document.querySelector('[data-order-status-url]');
  if (!area || (area.dataset.final === 'true' && area.dataset.proofsPending !== 'true')) return;

  const url = area.dataset.orderStatusUrl;
  const interval = Number(area.dataset.interval) || 4000;
  const hiddenInterval = 30000; // a tab in the background asks less often
  const maxDelay = 60000;
  const proofWait = 180000; // proofs come seconds after the files; a reload shows one that came later
  const pill = document.querySelector('[data-status-pill]');
  const message = area.querySelector('[data-status-message]');
  const text = area.querySelector('[data-status-text]');
  const filesBox = area.querySelector('[data-files]');
  const fileList = area.querySelector('[data-file-list]');
  let delay = interval;
  let timer = null;
  let stopped = false;
  let shownFiles = null;
  let finalSince = area.dataset.final === 'true' ? Date.now() : null;

  function formatSize(bytes) {
    if (typeof bytes !== 'number') return '';
    const units = ['Bytes', 'kB', 'MB', 'GB'];
    let value = bytes;
    let unit = 0;
    while (value >= 1000 && unit < units.length - 1) {
      value /= 1000;
      unit += 1;
    }
    return unit === 0 ? `${value} Bytes` : `${value.toFixed(1)} ${units[unit]}`;
  }

  // The server computes the steps (status.json's `steps`); this only draws them.
  function renderSteps(steps, stopped) {
    const byName = new Map((steps || []).map((step) => [step.step, step]));
    area.querySelectorAll('[data-step]').forEach((item) => {
      const step = byName.get(item.dataset.step);
      if (!step) return;
      item.className = `progress-step step-${step.state}`;
      const words = item.querySelector('.step-state');
      if (words) words.textContent = `(${step.words})`;
    });
    const list = area.querySelector('.progress-steps');
    if (list) list.classList.toggle('is-cancelled', Boolean(stopped));
  }

  function element(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function opensPdf(link, url) {
    link.href = url;
    link.target = '_blank';
    link.rel = 'noopener';
    return link;
  }

  // The first page of the file (once the worker made it), opening the PDF: as templates/orders/order.html draws it.
  function proofOf(file) {
    const proof = file.proof || {};
    if (proof.url) {
      const link = opensPdf(element('a', 'proof-link'), file.view_url);
      link.title = 'Open the PDF';
      const image = element('img', 'proof-thumb');
      image.src = proof.url;
      image.alt = `First page of ${file.name}`;
      image.dataset.proof = '';
      link.append(image);
      return link;
    }
    if (proof.state === 'pending') {
      const waiting = element('span', 'proof-pending muted', 'Preparing a preview…');
      waiting.dataset.proofPending = '';
      return waiting;
    }
    return null;
  }

  function fileItem(file) {
    const item = element('li', 'file-item');
    const proof = proofOf(file);
    if (proof) item.append(proof);
    const details = element('div', 'file-details');
    details.append(element('span', 'file-name', file.name));
    if (file.proof && file.proof.summary) {
      const summary = element('span', 'proof-summary', file.proof.summary);
      summary.dataset.proofSummary = '';
      details.append(' ', summary);
    }
    if (typeof file.size === 'number') details.append(' ', element('span', 'muted file-size', formatSize(file.size)));
    const actions = element('span', 'file-actions');
    const download = element('a', 'button button-small button-primary', 'Download');
    download.href = file.url;
    download.setAttribute('download', '');
    actions.append(download, ' ', opensPdf(element('a', 'button button-small', 'Open'), file.view_url));
    details.append(' ', actions);
    item.append(details);
    return item;
  }

  function renderFiles(files) {
    if (!filesBox || !fileList) return;
    const drawn = JSON.stringify(files || []);
    if (drawn === shownFiles) return; // unchanged: keep the images already loaded
    shownFiles = drawn;
    fileList.replaceChildren(...(files || []).map(fileItem));
    filesBox.hidden = !(files && files.length);
  }

  function render(data) {
    if (area.dataset.status !== data.status) {
      area.dataset.status = data.status;
      renderSteps(data.steps, data.steps_stopped);
      if (pill) {
        pill.className = `status-pill status-${data.status}`;
        pill.textContent = data.label;
      }
    }
    if (text && data.message && text.textContent !== data.message) text.textContent = data.message;
    if (message) message.classList.toggle('is-problem', Boolean(data.needs_attention));
    renderFiles(data.files);
    if (data.final) {
      const spinner = area.querySelector('.spinner');
      if (spinner) spinner.remove();
    }
  }

  function schedule() {
    if (stopped) return;
    timer = setTimeout(poll, document.hidden ? Math.max(delay, hiddenInterval) : delay);
  }

  async function poll() {
    timer = null;
    let data;
    try {
      const response = await fetch(url, {
        headers: { Accept: 'application/json' },
        credentials: 'same-origin',
        cache: 'no-store',
      });
      if (response.status === 404 || response.status === 403) {
        stopped = true; // access is gone (logged out, say): a reload will show why
        return;
      }
      if (!response.ok) throw new Error(`status ${response.status}`);
      data = await response.json();
    } catch (error) {
      // The shop or the network hiccuped: keep trying, less and less often.
      delay = Math.min(delay * 2, maxDelay);
      schedule();
      return;
    }
    delay = interval;
    render(data);
    if (data.final && finalSince === null) finalSince = Date.now();
    if (data.final && (!data.proofs_pending || Date.now() - finalSince > proofWait)) {
      stopped = true;
      return;
    }
    schedule();
  }

  // Coming back to the tab asks at once instead of waiting out the slower background interval.
  document.addEventListener('visibilitychange', () => {
    if (!document.hidden && timer !== null && !stopped) {
      clearTimeout(timer);
      poll();
    }
  });

  schedule();
})();
