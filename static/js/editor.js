// Mounts the Hub editor element named by the workflow, then sends its `addtocart` event to our cart.
(function () {
  const mount = document.getElementById('editor-mount');
  const status = document.getElementById('editor-status');
  const configNode = document.getElementById('editor-config');
  if (!mount || !configNode) return;
  const config = JSON.parse(configNode.textContent);
  const tagName = mount.dataset.tagName;
  const csrfToken = document.querySelector('meta[name="csrf-token"]').content;

  function say(message, kind) {
    status.textContent = message;
    status.className = 'editor-status' + (kind ? ' editor-status-' + kind : '');
  }

  async function addToCart(detail) {
    say('Adding your design to the cart…');
    let response;
    try {
      response = await fetch(mount.dataset.cartUrl, {
        method: 'POST',
        headers: {'Content-Type': 'application/json', 'X-CSRFToken': csrfToken, 'Accept': 'application/json'},
        body: JSON.stringify(detail),
        credentials: 'same-origin',
      });
    } catch (err) {
      say('We could not reach the shop. Check your connection and press Add to cart again.', 'error');
      return;
    }
    const body = await response.json().catch(() => ({}));
    if (response.ok && body.redirect) {
      window.location.assign(body.redirect);
    } else {
      say(body.error || 'Your design could not be added to the cart. Please try again.', 'error');
    }
  }

  if (!tagName) {
    say('This product has no editor configured. Please contact us.', 'error');
    return;
  }
  const editor = document.createElement(tagName);
  editor.addEventListener('load', () => say(''));
  editor.addEventListener('error', (event) => {
    const message = event.detail && event.detail.message;
    say('The editor reported a problem' + (message ? ': ' + message : '.') + ' Reload the page to try again.', 'error');
  });
  editor.addEventListener('addtocart', (event) => addToCart(event.detail));
  mount.appendChild(editor);

  const timer = setTimeout(() => say('The editor is taking long to load. Reload the page to try again.', 'error'), 15000);
  customElements.whenDefined(tagName).then(() => {
    clearTimeout(timer);
    say('');
    editor.init(config);
  });
})();
