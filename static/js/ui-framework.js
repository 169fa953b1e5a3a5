// Mounts a UI Framework workflow: imports the Hub's e-commerce driver and editor modules, calls the driver's
// init(product, editor, config, pluginSettings, restoreData, quantity, user, backOfficeSettings) as Aurigma's
// samples do, renders the editor, and turns each submitted cart line item into a line of our cart.
const shop = window.PrintshopEditor;

async function mountUiFramework() {
  const init = shop.config;
  const [driverModule, editorModule] = await Promise.all([
    import(`${init.uiFrameworkUrl}/drivers/default-driver.js`),
    import(`${init.uiFrameworkUrl}/editor.js`),
  ]);
  const driver = await driverModule.ecommerceDriver.init(
    init.product, editorModule.default.default, init.config, init.pluginSettings, init.restoreData,
    init.quantity, init.user, init.backOfficeSettings);
  await driver.products.current.renderEditor(shop.mount);
  shop.say('');
  driver.cart.onSubmitted.subscribe(async (cart) => {
    const items = cart.lineItems || [];
    for (const [index, lineItem] of items.entries()) {
      const options = {first: index === 0, more: index < items.length - 1};
      if (!(await shop.addToCart(lineItem, options))) return;
    }
  });
  // The UI Framework documents no way to hand a running editor a new token: warn before it runs out.
  shop.keepSessionAlive(null);
}

if (shop) {
  mountUiFramework().catch((err) => {
    console.error('UI Framework editor failed to start', err);
    shop.say('The editor could not start: ' + (err && err.message ? err.message : 'unknown error') +
             '. Reload the page to try again.', 'error');
  });
}
