// What every editor page shares: the status line, posting a design to the cart with the page's edit target,
// and renewing the shopper's storefront token before it runs out.
(function () {
  const mount = document.getElementById('editor-mount');
  const status = document.getElementById('editor-status');
  if (!mount) return;
  const csrfToken = document.querySelector('meta[name="csrf-token"]').content;

  function say(message, kind) {
    status.textContent = message;
    status.className = 'editor-status' + (kind ? ' editor-status-' + kind : '');
  }

  // POST one editor output; resolves true when the cart took it. The page then moves to the cart, unless
  // `more` says other outputs follow; only the first output of a page replaces what the page edits.
  async function addToCart(output, {more = false, first = true} = {}) {
    say('Adding your design to the cart…');
    let response;
    try {
      response = await fetch(mount.dataset.cartUrl, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json',
          'Accept': 'application/json',
          'X-CSRFToken': csrfToken,
          ...(first ? {'X-Edit-Target': mount.dataset.editTarget} : {}),
        },
        body: JSON.stringify(output),
        credentials: 'same-origin',
      });
    } catch (err) {
      say('We could not reach the shop. Check your connection and add your design to the cart again.', 'error');
      return false;
    }
    const body = await response.json().catch(() => ({}));
    if (response.ok && body.redirect) {
      if (!more) window.location.assign(body.redirect);
      return true;
    }
    say(body.error || 'Your design could not be added to the cart. Please try again.', 'error');
    return false;
  }

  // Calls `renew({userId, token, expiresIn})` with a new token when three quarters of the current one's life are
  // gone; with no `renew`, or when renewing fails, warns the shopper before the session ends.
  function keepSessionAlive(renew) {
    const expiresIn = parseInt(mount.dataset.tokenExpiresIn, 10);
    if (!(expiresIn > 0)) return;
    let deadline = Date.now() + expiresIn * 1000;
    const warn = () => say('Your design session is about to end. Add your design to the cart now to keep it.', 'error');
    function schedule(seconds) {
      setTimeout(attempt, Math.max(1, seconds * 0.75) * 1000);
    }
    async function attempt() {
      if (!renew) return warn();
      try {
        const response = await fetch(mount.dataset.tokenUrl, {credentials: 'same-origin', headers: {'Accept': 'application/json'}});
        if (!response.ok) throw new Error('token ' + response.status);
        const fresh = await response.json();
        await renew(fresh);
        deadline = Date.now() + fresh.expiresIn * 1000;
        schedule(fresh.expiresIn);
      } catch (err) {
        const left = (deadline - Date.now()) / 1000;
        if (left < 90) warn();
        if (left > 5) setTimeout(attempt, Math.min(15, left / 2) * 1000);
      }
    }
    if (!renew) {
      setTimeout(warn, Math.max(0, expiresIn - 120) * 1000);
      return;
    }
    schedule(expiresIn);
  }

  window.PrintshopEditor = {
    mount,
    config: JSON.parse(document.getElementById('editor-config').textContent),
    say,
    addToCart,
    keepSessionAlive,
  };
})();
