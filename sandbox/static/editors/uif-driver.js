/* ---- uif-driver.js: `ecommerceDriver` of /ui-framework/drivers/default-driver.js --------------------------------
 * init(product, editor, config, pluginSettings, restoreData, quantity, user, backOfficeSettings), the argument
 * order of Aurigma's samples; every missing or wrong piece rejects with an Error naming it.
 */
const EDITOR_KIND = "printshop-sandbox-ui-framework-editor";
const isObject = (value) => value !== null && typeof value === "object" && !Array.isArray(value);
const isText = (value) => typeof value === "string" && value !== "";
const isId = (value) => Number.isInteger(value) && value > 0;
const BACK_OFFICE_URLS = ["apiGatewayUrl", "backOfficeUrl", "assetProcessorUrl", "assetStorageUrl", "designAtomsApiUrl"];

function need(condition, piece) {
  if (!condition) throw new Error(`ecommerceDriver.init: ${piece}`);
}

function checkArguments(product, editor, config, pluginSettings, restoreData, quantity, user, backOffice) {
  need(isObject(product) && Number.isInteger(product.id) && isText(product.sku) && typeof product.name === "string",
    "product must be {id, sku, name, description, options, price, attributes}");
  need(!("options" in product) || Array.isArray(product.options), "product.options must be an array");
  need(!("attributes" in product) || Array.isArray(product.attributes), "product.attributes must be an array");
  need(isObject(editor) && editor.kind === EDITOR_KIND && typeof editor.render === "function",
    "editor must be the module of {uiFrameworkUrl}/editor.js (its default.default)");
  need(isObject(config) && Array.isArray(config.widgets) && Array.isArray(config.steps),
    "config must be the parsed workflow content, with widgets and steps arrays");
  need(isObject(pluginSettings) && pluginSettings.useBackOffice === true &&
    ["customersCanvasBaseUrl", "preflightToolUrl", "dynamicImageUrl"].every((key) => isText(pluginSettings[key])),
    "pluginSettings must be {customersCanvasBaseUrl, preflightToolUrl, dynamicImageUrl, useBackOffice: true}");
  need(restoreData === null || restoreData === undefined || (isObject(restoreData) &&
    ["state", "snapshot"].every((key) => restoreData[key] == null || typeof restoreData[key] === "string")),
    "restoreData must be null or {state, snapshot, key}");
  need(Number.isInteger(quantity) && quantity >= 1 && quantity <= 999, "quantity must be an integer from 1 to 999");
  need(isObject(user) && isText(user.id) && isText(user.tokenId) && (user.data === undefined || isObject(user.data)),
    "user must be {id, tokenId, data}");
  need(isObject(backOffice), "backOfficeSettings must be an object");
  for (const key of ["token", ...BACK_OFFICE_URLS]) need(isText(backOffice[key]), `backOfficeSettings.${key} is missing`);
  for (const key of ["tenantId", "storefrontId"]) {
    need(backOffice[key] !== undefined && backOffice[key] !== null && backOffice[key] !== "",
      `backOfficeSettings.${key} is missing`);
  }
  need(typeof backOffice.externalProductId === "string", "backOfficeSettings.externalProductId must be a string");
  need(backOffice.integrationType === 2, "backOfficeSettings.integrationType must be 2 (OptionBasedProduct)");
  need(backOffice.ecommerceSystemType === 0, "backOfficeSettings.ecommerceSystemType must be 0 (Custom)");
  const info = backOffice.optionBasedProductInfo;
  need(isObject(info) && isId(info.productId) && isId(info.productVersionId),
    "backOfficeSettings.optionBasedProductInfo must be {productId, productVersionId}");
}

/** The widget state a snapshot carries (sandbox format: base64 of {widgets: {editor: {lines, ...}}}). */
function snapshotOf(state) {
  const { lines, font_size, text_color, background_color, width_mm, height_mm } = state;
  return toBase64Json({ widgets: { editor: { lines, font_size, text_color, background_color, width_mm, height_mm } } });
}

async function openState(call, hubProduct, config, restoreData) {
  if (restoreData && restoreData.snapshot) {
    let saved;
    try {
      saved = fromBase64Json(restoreData.snapshot).widgets.editor;
    } catch (err) {
      saved = null;
    }
    need(isObject(saved) && Array.isArray(saved.lines), "restoreData.snapshot is not a snapshot of this editor");
    return designState(saved, config.vars);
  }
  if (restoreData && restoreData.state) {
    let design;
    try {
      design = await call("GET", `/designs/${encodeURIComponent(restoreData.state)}`);
    } catch (err) {
      need(err.status !== 404, `restoreData.state: design '${restoreData.state}' was not found for this user`);
      throw err;
    }
    need(design.productReference === hubProduct.productReference,
      `restoreData.state: design '${restoreData.state}' was made for another product`);
    return designState(design, config.vars);
  }
  return designState(null, config.vars);
}

const ecommerceDriver = Object.freeze({
  async init(product, editor, config, pluginSettings, restoreData, quantity, user, backOfficeSettings) {
    checkArguments(product, editor, config, pluginSettings, restoreData, quantity, user, backOfficeSettings);
    const backOffice = backOfficeSettings;
    const call = (method, path, body) => editorApi(backOffice.apiGatewayUrl, backOffice.token, method, path, body);
    const me = await call("GET", "/me");
    need(me.userId === user.id, `user.id '${user.id}' does not match the token's user`);
    need(String(me.tenantId) === String(backOffice.tenantId) && String(me.storefrontId) === String(backOffice.storefrontId),
      "backOfficeSettings.tenantId/storefrontId do not match the token's storefront");
    const { productId, productVersionId } = backOffice.optionBasedProductInfo;
    let hubProduct;
    try {
      hubProduct = await call("GET", `/products/${productId}?productVersionId=${productVersionId}`);
    } catch (err) {
      need(err.status !== 404, `backOfficeSettings.optionBasedProductInfo names no known product ` +
        `(product ${productId} version ${productVersionId})`);
      throw err;
    }
    const state = { ...(await openState(call, hubProduct, config, restoreData)), quantity };
    const subscribers = new Set();
    const variant = (hubProduct.variants || []).find((v) => v.sku === product.sku);
    let view = null;

    const finish = async () => {
      const saved = await call("POST", "/designs", designBody(hubProduct.productReference, variant && variant.sku, state));
      const cart = {
        lineItems: [{
          quantity: state.quantity,
          sku: product.sku,
          props: {
            _stateId: [saved.id],
            _userId: user.id,
            _hidden: { images: [saved.previewUrl], snapshot: snapshotOf(state) },
          },
        }],
      };
      for (const subscriber of subscribers) {
        try {
          subscriber(cart);
        } catch (err) {
          console.error("[ui-framework] an onSubmitted subscriber failed", err);
        }
      }
      return cart;
    };

    const lineItem = {
      sku: product.sku,
      get quantity() { return state.quantity; },
      set quantity(value) {
        state.quantity = quantityOf(value);
        if (view) view.syncQuantity();
      },
    };
    const driver = {
      restoreData: restoreData || null, // its `key` is the store's own line id: kept, never put in the output
      products: {
        current: {
          product,
          async renderEditor(container) {
            if (!(container instanceof Element)) throw new Error("renderEditor(container) needs a DOM element");
            view = editor.render(container, {
              title: (config.vars && config.vars.product_name) || product.name,
              maxLines: config.vars && config.vars.max_lines,
              state,
              onChange: () => {},
              finish,
            });
            return driver;
          },
        },
      },
      cart: {
        lineItems: [lineItem],
        onSubmitted: {
          subscribe(fn) {
            subscribers.add(fn);
            return { unsubscribe: () => subscribers.delete(fn) };
          },
        },
      },
    };
    return driver;
  },
});
