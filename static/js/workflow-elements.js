// Mounts the Workflow Elements component the Hub's workflow names (Handy Editor, Handy Editor 3D, Simple Editor),
// calls its documented init(config), and sends its `addtocart` output to our cart.
(function () {
  const shop = window.PrintshopEditor;
  if (!shop) return;
  const {mount, say} = shop;
  const config = shop.config;
  const tagName = mount.dataset.tagName;
  const editor = document.createElement(tagName);
  let loaded = false;

  editor.addEventListener('load', () => {
    loaded = true;
    say('');
  });
  editor.addEventListener('error', (event) => {
    const message = event.detail && event.detail.message;
    say('The editor reported a problem' + (message ? ': ' + message : '.') +
        (loaded ? '' : ' Reload the page to try again.'), 'error');
  });
  editor.addEventListener('addtocart', async (event) => {
    const added = await shop.addToCart(event.detail);
    // The Simple Editor keeps its loader up after Add to cart until the page hides it (Aurigma's sample does).
    if (!added && typeof editor.showLoader === 'function') editor.showLoader(false);
  });
  mount.appendChild(editor);

  const timer = setTimeout(() => say('The editor is taking long to load. Reload the page to try again.', 'error'), 15000);
  customElements.whenDefined(tagName).then(() => {
    clearTimeout(timer);
    editor.init(config);
    // A new token goes in through `update` where the element has it, else through init without forceReset,
    // which keeps the shopper's work (Handy Editor Web-component API).
    shop.keepSessionAlive(async (fresh) => {
      config.integration = {...config.integration, user: {id: fresh.userId, token: fresh.token}};
      if (typeof editor.update === 'function') await editor.update(config);
      else await editor.init(config);
    });
  });
})();
