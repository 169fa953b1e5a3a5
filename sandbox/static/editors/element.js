/* ---- element.js: the Workflow Elements web-component base (init, update, input scenarios, addtocart) ------------
 * Expects TAG (the element's tag name) and the common part.
 */

/** The input scenario that applies (Handy Editor > Input: the first available one, with a console warning). */
function chooseScenario(input) {
  const present = (key) => input[key] !== undefined && input[key] !== null && input[key] !== "" &&
    !(Array.isArray(input[key]) && input[key].length === 0);
  const given = Object.keys(input).sort().join(", ") || "no keys";
  const candidates = SANDBOX.scenarios.filter((scenario) => scenario.required.every(present));
  if (!candidates.length) throw new EditorError(SANDBOX.messages.noScenario.replace("{given}", given));
  const identifying = SANDBOX.identifying.filter(present);
  const ignored = Object.keys(input).filter((key) => !SANDBOX.knownKeys.includes(key)).sort();
  const covering = candidates.find((scenario) => identifying.every((key) => scenario.keys.includes(key)));
  if (covering) return { scenario: covering, warning: null, ignored };
  const warning = SANDBOX.messages.several.replace("{names}", candidates.map((s) => s.name).join(", "))
    .replace("{chosen}", candidates[0].name);
  return { scenario: candidates[0], warning, ignored };
}

function pimNumber(input, key) {
  const value = input[key];
  if (value === undefined || value === null || value === "") return null;
  const number = typeof value === "string" && /^\d+$/.test(value) ? Number(value) : value;
  if (!Number.isInteger(number) || number < 1) throw new EditorError(`input.${key} must be a positive integer.`);
  return number;
}

class WorkflowElement extends HTMLElement {
  constructor() {
    super();
    this.attachShadow({ mode: "open" });
    this._config = null; // the checked init config
    this._opened = null; // {scenario, product, design, variant}: what the input resolved to
    this._state = null; // the shopper's work: lines, font size, colours, size, quantity, sku
    this._busy = false;
    this._generation = 0;
    this._shell(el("p", { class: "he-loading", text: "Loading the editor…" }));
  }

  /** Start the editor. A second call keeps the shopper's state for the same product unless forceReset is true. */
  async init(config, forceReset = false) {
    const generation = ++this._generation;
    this._shell(el("p", { class: "he-loading", role: "status", text: "Loading the editor…" }));
    try {
      const checked = this._checkConfig(config);
      const opened = await this._open(checked);
      if (generation !== this._generation) return false;
      const same = this._opened && this._opened.product.productReference === opened.product.productReference;
      const keep = !forceReset && same && this._state;
      this._config = checked;
      this._opened = opened;
      if (!keep) this._state = this._initialState(opened);
      this._renderEditor();
      this._emit("load", {
        scenario: opened.scenario.id,
        productReference: opened.product.productReference,
        productId: opened.product.productId,
        productVersionId: opened.product.productVersionId,
        sku: this._state.sku,
        designId: opened.design ? opened.design.id : null,
        keptState: Boolean(keep),
      });
      return true;
    } catch (err) {
      if (generation === this._generation) this._fatal(this._message(err));
      return false;
    }
  }

  /** Take a new configuration (a fresh integration.user.token above all) and keep the shopper's current state. */
  async update(config) {
    if (!this._opened || !this._view) return this.init(config); // not open (yet, or any more): open it
    try {
      const checked = this._checkConfig(config, false);
      await this._checkUser(checked);
      if (config && config.input && JSON.stringify(config.input) !== JSON.stringify(this._config.input)) {
        console.warn(`[${TAG}] update() keeps the product that is open; call init(config, true) to open another.`);
      }
      const redraw = ["settings", "resources", "localization"]
        .some((key) => JSON.stringify(checked[key]) !== JSON.stringify(this._config[key]));
      this._config = { ...checked, input: this._config.input };
      if (redraw) this._renderEditor();
      return true;
    } catch (err) {
      const message = this._message(err);
      if (this._view) this._view.showAlert(message);
      else this._fatal(message);
      this._emit("error", { message });
      return false;
    }
  }

  _message(err) {
    return err instanceof EditorError ? err.message : `The editor could not start: ${err.message}`;
  }

  _checkConfig(config, inputRequired = true) {
    if (!config || typeof config !== "object") throw new EditorError("init() needs a configuration object.");
    if (config.configVersion !== 2) console.warn(`[${TAG}] configVersion ${config.configVersion} is not 2.`);
    const integration = config.integration || {};
    const user = integration.user || {};
    for (const key of ["tenantId", "storefrontId", "cchubApiGatewayUrl"]) {
      if (integration[key] === undefined || integration[key] === null || integration[key] === "") {
        throw new EditorError(`integration.${key} is missing.`);
      }
    }
    if (!user.id || !user.token) throw new EditorError("integration.user needs an id and a token.");
    const input = config.input;
    if (inputRequired && (!input || typeof input !== "object" || Array.isArray(input))) {
      throw new EditorError("init() needs an input object (see the Handy Editor's input scenarios).");
    }
    return {
      configVersion: config.configVersion,
      integration,
      input: input || {},
      settings: { ...DEFAULTS, ...(config.settings || {}) },
      resources: config.resources || {},
      localization: config.localization || {},
    };
  }

  _api(method, path, body, config = this._config) {
    return editorApi(config.integration.cchubApiGatewayUrl, config.integration.user.token, method, path, body);
  }

  async _checkUser(config) {
    const me = await this._api("GET", "/me", undefined, config);
    const { integration } = config;
    if (me.userId !== integration.user.id) {
      throw new EditorError("The editor token belongs to a different user. Reload the page and try again.");
    }
    if (String(me.storefrontId) !== String(integration.storefrontId) || String(me.tenantId) !== String(integration.tenantId)) {
      throw new EditorError("integration.tenantId/storefrontId do not match the storefront of the user's token.");
    }
  }

  /** Resolve the input scenario into the product (and design) to open. */
  async _open(config) {
    await this._checkUser(config);
    const input = config.input;
    const { scenario, warning, ignored } = chooseScenario(input);
    if (warning) console.warn(`[${TAG}] ${warning}`);
    if (ignored.length) console.warn(`[${TAG}] input keys no documented scenario uses were ignored: ${ignored.join(", ")}`);
    const api = (path) => this._api("GET", path, undefined, config);
    const design = async () => {
      try {
        return await api(`/designs/${encodeURIComponent(String(input.designId))}`);
      } catch (err) {
        if (err.status !== 404) throw err;
        throw new EditorError("This design cannot be opened: it does not exist or belongs to another customer.");
      }
    };
    const byReference = async (reference) => {
      try {
        return await api(`/products?productReference=${encodeURIComponent(reference)}`);
      } catch (err) {
        if (err.status !== 404) throw err;
        throw new EditorError(`Product reference '${reference}' is not linked to a Hub product.`);
      }
    };
    const byId = async (productId, versionId) => {
      const query = versionId === null ? "" : `?productVersionId=${versionId}`;
      try {
        return await api(`/products/${productId}${query}`);
      } catch (err) {
        if (err.status !== 404) throw err;
        throw new EditorError(`Product ${productId}${versionId === null ? "" : ` version ${versionId}`} was not found.`);
      }
    };
    let opened;
    if (scenario.id === "public-template") {
      throw new EditorError(`Public design template '${input.designTemplateId}' was not found.`);
    } else if (scenario.id === "private-design") {
      const found = await design();
      opened = { design: found, product: await byReference(found.productReference) };
    } else if (scenario.id === "product-reference") {
      opened = { design: null, product: await byReference(String(input.productReferenceId)) };
    } else if (scenario.id === "pim") {
      opened = { design: null, product: await byId(pimNumber(input, "productId"), pimNumber(input, "productVersionId")) };
    } else {
      const product = await byId(pimNumber(input, "productId"), pimNumber(input, "productVersionId"));
      const found = await design();
      if (found.productReference !== product.productReference) {
        throw new EditorError(`Design '${input.designId}' was not made for product ${product.productId} ` +
          `version ${product.productVersionId}.`);
      }
      opened = { design: found, product };
    }
    return { scenario, ...opened, variant: this._variant(opened.product, input, opened.design) };
  }

  /** The preselected variant: input.sku, else input.productVariantId, else the design's, else the first. */
  _variant(product, input, design) {
    const variants = product.variants || [];
    let variant = null;
    if (input.sku) {
      variant = variants.find((v) => v.sku === input.sku);
      if (!variant) throw new EditorError(`SKU '${input.sku}' is not a variant of product ${product.productId}.`);
    }
    const variantId = pimNumber(input, "productVariantId");
    if (variantId !== null) {
      const byId = variants.find((v) => v.id === variantId);
      if (!byId || (variant && variant !== byId)) {
        throw new EditorError(`Product variant ${variantId} is not a variant of product ${product.productId}` +
          (variant ? ` with SKU '${input.sku}'.` : "."));
      }
      variant = byId;
    }
    if (!variant && design && design.sku) variant = variants.find((v) => v.sku === design.sku) || null;
    return variant || variants[0] || null;
  }

  _initialState(opened) {
    return {
      ...designState(opened.design, this._config.settings),
      quantity: quantityOf(this._config.input.quantity),
      sku: opened.variant ? opened.variant.sku : null,
    };
  }

  _emit(type, detail) {
    this.dispatchEvent(new CustomEvent(type, { detail }));
  }

  _shell(content) {
    this._view = null;
    this._root = el("div", { class: "he", part: "root" }, content);
    this.shadowRoot.replaceChildren(el("style", { text: STYLE }), this._root);
  }

  _fatal(message) {
    this._shell(el("p", { class: "he-alert", role: "alert", text: message }));
    this._emit("error", { message });
  }

  _changed() {
    const { lines, font_size, text_color, background_color, quantity, sku } = this._state;
    this._emit("change", { lines: [...lines], font_size, text_color, background_color, quantity, sku });
  }

  get _submitLabel() {
    return this._config.localization.addToCartButton || "Add to cart";
  }

  /** Handy Editor > Output data; the Simple Editor adds its PIM ids (see SimpleEditor._detail). */
  _detail(saved) {
    return {
      key: saved.id,
      quantity: this._state.quantity,
      originalProductId: this._opened.product.productReference,
      sku: this._state.sku,
      properties: {
        _stateId: [saved.id],
        _userId: this._config.integration.user.id,
        _hidden: { images: [saved.previewUrl] },
      },
    };
  }

  /** Save a new design (every save is a new immutable state) and raise addtocart; errors alert and raise error. */
  async _addToCart() {
    if (this._busy) return;
    const view = this._view;
    const problem = view.invalid();
    if (problem) {
      view.showAlert(problem);
      return;
    }
    this._busy = true;
    view.busy(true, "Saving your design…");
    try {
      const saved = await this._api("POST", "/designs",
        designBody(this._opened.product.productReference, this._state.sku, this._state));
      view.busy(false, "Design saved.");
      this._beforeAddToCart();
      this._emit("addtocart", this._detail(saved));
    } catch (err) {
      view.busy(false);
      view.showAlert(err.message);
      this._emit("error", { message: err.message });
    } finally {
      this._busy = false;
    }
  }

  _beforeAddToCart() {}
}
