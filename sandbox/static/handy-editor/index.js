/*
 * Stand-in for Aurigma's Workflow Elements "Handy Editor", served by the Printshop Hub sandbox.
 *
 * Defines <au-handy-editor> (open shadow DOM) with the real element's interface:
 *   el.init({configVersion, integration: {tenantId, storefrontId, cchubApiGatewayUrl, user: {id, token}},
 *            input: {productReference, sku, designId?, key?, quantity?}, settings, resources})
 * and CustomEvents on the element: load, change, error ({message}), addtocart.
 * init() returns a Promise resolving to true once the editor is ready, false after an error.
 * Works as a classic or a module script; no dependencies.
 */
(() => {
  "use strict";

  const TAG = "au-handy-editor";
  if (customElements.get(TAG)) return;

  const API_PATH = "/api/sandbox-editor/v1";
  const PT_TO_MM = 25.4 / 72;
  const LINE_HEIGHT = 1.35;
  const MARGIN_MM = 4;
  const COLOR = /^#[0-9a-f]{6}$/i;
  const DEFAULTS = {
    product_name: "Your design",
    lines: ["Your text here"],
    font_size: 16,
    text_color: "#1f2933",
    background_color: "#ffffff",
    width_mm: 85,
    height_mm: 55,
    max_lines: 8,
  };
  const DEFAULT_FONT_SIZES = [10, 12, 14, 16, 18, 20, 24, 28, 32, 40];
  const SVG_NS = "http://www.w3.org/2000/svg";

  const STYLE = `
    :host { display: block; container-type: inline-size; font-family: var(--he-font, system-ui, sans-serif);
      color: var(--he-text, #1f2933); }
    :host([hidden]) { display: none; }
    * { box-sizing: border-box; }
    .he { border: 1px solid var(--he-border, #d5dbe1); border-radius: var(--he-radius, 12px);
      background: var(--he-surface, #fff); padding: 1rem; }
    .he-head { margin: 0 0 1rem; }
    .he-title { font-size: 1.25rem; margin: 0; line-height: 1.3; }
    .he-sub { margin: .25rem 0 0; color: var(--he-muted, #5c6b7a); font-size: .9rem; }
    .he-body { display: grid; grid-template-columns: minmax(0, 3fr) minmax(15rem, 2fr); gap: 1.25rem;
      align-items: start; }
    .he-preview { margin: 0; position: sticky; top: 1rem; }
    .he-canvas { display: block; width: 100%; height: auto; margin: 0 auto; border-radius: 4px;
      box-shadow: 0 1px 2px rgba(0,0,0,.12), 0 6px 20px rgba(0,0,0,.10); background: #fff; }
    .he-preview figcaption { margin-top: .5rem; font-size: .8rem; color: var(--he-muted, #5c6b7a);
      text-align: center; }
    form { display: grid; gap: 1rem; margin: 0; }
    fieldset { border: 0; margin: 0; padding: 0; min-width: 0; }
    legend, .he-label { font-weight: 600; font-size: .9rem; margin-bottom: .4rem; display: block; padding: 0; }
    .he-lines ol { list-style: none; margin: 0 0 .5rem; padding: 0; display: grid; gap: .4rem; }
    .he-lines li { display: flex; gap: .4rem; }
    input[type=text], input[type=number], select { font: inherit; width: 100%; min-width: 0;
      padding: .5rem .6rem; border: 1px solid var(--he-border, #c3ccd5); border-radius: 8px; background: #fff;
      color: inherit; }
    input:focus-visible, select:focus-visible, button:focus-visible { outline: 3px solid var(--he-focus, #74c0fc);
      outline-offset: 1px; }
    button { font: inherit; cursor: pointer; border-radius: 8px; border: 1px solid var(--he-border, #c3ccd5);
      background: #fff; color: inherit; padding: .45rem .75rem; }
    button:disabled { cursor: not-allowed; opacity: .5; }
    .he-remove { flex: none; width: 2.4rem; padding: 0; font-size: 1.2rem; line-height: 1; }
    .he-add { width: 100%; border-style: dashed; }
    .he-colors { display: flex; flex-wrap: wrap; gap: .35rem; align-items: center; }
    .he-swatch { width: 2rem; height: 2rem; padding: 0; border-radius: 50%;
      border: 2px solid rgba(0,0,0,.15); }
    .he-swatch[aria-pressed=true] { border-color: var(--he-accent, #0b6e4f);
      box-shadow: 0 0 0 2px #fff inset, 0 0 0 1px var(--he-accent, #0b6e4f); }
    input[type=color] { width: 2.6rem; height: 2rem; padding: 0 .1rem; border: 1px solid var(--he-border, #c3ccd5);
      border-radius: 8px; background: #fff; cursor: pointer; }
    .he-row { display: grid; grid-template-columns: 1fr 1fr; gap: .75rem; }
    .he-cart { background: var(--he-accent, #0b6e4f); border-color: var(--he-accent, #0b6e4f); color: #fff;
      font-weight: 600; padding: .75rem 1rem; font-size: 1rem; }
    .he-cart:hover:not(:disabled) { filter: brightness(1.08); }
    .he-status { margin: 0; font-size: .9rem; color: var(--he-muted, #5c6b7a); min-height: 1.2em; }
    .he-alert { margin: 0; padding: .6rem .75rem; border-radius: 8px; background: #fff5f5; color: #c92a2a;
      border: 1px solid #ffc9c9; font-size: .9rem; }
    .he-alert[hidden] { display: none; }
    .he-loading { padding: 2rem 1rem; text-align: center; color: var(--he-muted, #5c6b7a); }
    .visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0);
      white-space: nowrap; }
    @container (max-width: 44rem) {
      .he-body { grid-template-columns: 1fr; }
      .he-preview { position: static; }
    }
    @media (max-width: 40rem) {
      .he-body { grid-template-columns: 1fr; }
      .he-preview { position: static; }
      .he { padding: .75rem; }
    }
  `;

  class EditorError extends Error {}

  function el(tag, attrs = {}, children = []) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attrs)) {
      if (value === false || value === null || value === undefined) continue;
      if (name === "text") node.textContent = value;
      else if (name.startsWith("on")) node.addEventListener(name.slice(2), value);
      else node.setAttribute(name, value === true ? "" : value);
    }
    for (const child of [].concat(children)) if (child) node.append(child);
    return node;
  }

  function newKey() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    return `k-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;
  }

  /** The same layout as the sandbox's PDF and SVG renderer: lines stacked and centred. */
  function textLayout(state) {
    const lines = state.lines.filter((line) => line.trim() !== "");
    const shown = lines.length ? lines : [""];
    const size = state.font_size * PT_TO_MM;
    const pitch = size * LINE_HEIGHT;
    const top = (state.height_mm - pitch * shown.length) / 2;
    return shown.map((text, index) => ({ text, size, baseline: top + pitch * index + pitch / 2 + size * 0.35 }));
  }

  class HandyEditor extends HTMLElement {
    constructor() {
      super();
      this.attachShadow({ mode: "open" });
      this._config = null;
      this._state = null;
      this._busy = false;
      this._shell(el("p", { class: "he-loading", text: "Loading the editor…" }));
    }

    /** Start the editor; see the file header for the configuration shape. */
    async init(config) {
      this._state = null;
      this._shell(el("p", { class: "he-loading", role: "status", text: "Loading the editor…" }));
      try {
        this._config = this._checkConfig(config);
        const { input, integration } = this._config;
        const me = await this._api("GET", "/me");
        if (me.userId !== integration.user.id) {
          throw new EditorError("The editor token belongs to a different user. Reload the page and try again.");
        }
        let design = null;
        if (input.designId) {
          try {
            design = await this._api("GET", `/designs/${encodeURIComponent(input.designId)}`);
          } catch (err) {
            if (err.status === 404) {
              throw new EditorError("This design cannot be opened: it does not exist or belongs to another customer.");
            }
            throw err;
          }
        }
        this._state = this._initialState(design);
        this._renderEditor();
        this._emit("load", { productReference: input.productReference, sku: input.sku || null,
                             designId: input.designId || null });
        return true;
      } catch (err) {
        this._fatal(err instanceof EditorError ? err.message : `The editor could not start: ${err.message}`);
        return false;
      }
    }

    _checkConfig(config) {
      if (!config || typeof config !== "object") throw new EditorError("init() needs a configuration object.");
      const integration = config.integration || {};
      const user = integration.user || {};
      if (!integration.cchubApiGatewayUrl) throw new EditorError("integration.cchubApiGatewayUrl is missing.");
      if (!user.id || !user.token) throw new EditorError("integration.user needs an id and a token.");
      const input = config.input || {};
      if (!input.productReference) throw new EditorError("input.productReference is missing.");
      return {
        configVersion: config.configVersion,
        integration,
        input,
        settings: { ...DEFAULTS, ...(config.settings || {}) },
        resources: config.resources || {},
        gateway: String(integration.cchubApiGatewayUrl).replace(/\/+$/, ""),
      };
    }

    _initialState(design) {
      const source = design || this._config.settings;
      const settings = this._config.settings;
      const lines = Array.isArray(source.lines) && source.lines.length ? source.lines.map(String) : [""];
      const quantity = parseInt(this._config.input.quantity, 10);
      return {
        lines,
        font_size: Number(source.font_size) || DEFAULTS.font_size,
        text_color: COLOR.test(source.text_color) ? source.text_color : DEFAULTS.text_color,
        background_color: COLOR.test(source.background_color) ? source.background_color : DEFAULTS.background_color,
        width_mm: Number(source.width_mm || settings.width_mm) || DEFAULTS.width_mm,
        height_mm: Number(source.height_mm || settings.height_mm) || DEFAULTS.height_mm,
        quantity: quantity >= 1 && quantity <= 999 ? quantity : 1,
      };
    }

    async _api(method, path, body) {
      const { gateway, integration } = this._config;
      const headers = { Authorization: `Bearer ${integration.user.token}` };
      if (body !== undefined) headers["Content-Type"] = "application/json";
      let response;
      try {
        response = await fetch(gateway + API_PATH + path, {
          method,
          headers,
          body: body === undefined ? undefined : JSON.stringify(body),
          mode: "cors",
          credentials: "omit",
        });
      } catch (err) {
        throw new EditorError("The design service cannot be reached. Check your connection and try again.");
      }
      const data = await response.json().catch(() => ({}));
      if (response.ok) return data;
      if (response.status === 401) {
        throw Object.assign(new EditorError("Your editing session has expired. Reload the page to continue."),
          { status: 401 });
      }
      throw Object.assign(new EditorError(data.detail || `The design service answered ${response.status}.`),
        { status: response.status });
    }

    _emit(type, detail) {
      this.dispatchEvent(new CustomEvent(type, { detail }));
    }

    _shell(content) {
      const root = this.shadowRoot;
      root.replaceChildren(el("style", { text: STYLE }), el("div", { class: "he", part: "root" }, content));
    }

    _fatal(message) {
      this._shell(el("p", { class: "he-alert", role: "alert", text: message }));
      this._emit("error", { message });
    }

    _renderEditor() {
      const settings = this._config.settings;
      const state = this._state;
      this._svg = document.createElementNS(SVG_NS, "svg");
      this._svg.setAttribute("class", "he-canvas");
      this._svg.setAttribute("role", "img");
      this._svg.setAttribute("aria-label", "Design preview");
      const preview = el("figure", { class: "he-preview" }, [
        this._svg,
        el("figcaption", { text: `Preview · ${state.width_mm} × ${state.height_mm} mm` }),
      ]);
      this._linesList = el("ol");
      this._addButton = el("button", { type: "button", class: "he-add", text: "+ Add a line",
                                       onclick: () => this._addLine() });
      this._alert = el("p", { class: "he-alert", role: "alert", hidden: true });
      this._status = el("p", { class: "he-status", role: "status", "aria-live": "polite" });
      this._cartButton = el("button", { type: "submit", class: "he-cart", text: "Add to cart" });
      const form = el("form", { novalidate: true, onsubmit: (event) => { event.preventDefault(); this._addToCart(); } }, [
        el("fieldset", { class: "he-lines" }, [el("legend", { text: "Text lines" }), this._linesList, this._addButton]),
        this._fontSizeField(),
        this._colorField("text_color", "Text colour"),
        this._colorField("background_color", "Background colour"),
        this._quantityField(),
        this._alert,
        this._cartButton,
        this._status,
      ]);
      this._shell([
        el("header", { class: "he-head" }, [
          el("h2", { class: "he-title", text: settings.product_name }),
          el("p", { class: "he-sub", text: "Type your lines, pick the colours, then add it to your cart." }),
        ]),
        el("div", { class: "he-body" }, [preview, form]),
      ]);
      this._renderLines();
      this._renderPreview();
    }

    _renderLines() {
      const max = Number(this._config.settings.max_lines) || DEFAULTS.max_lines;
      const lines = this._state.lines;
      this._linesList.replaceChildren(...lines.map((line, index) => {
        const id = `he-line-${index}`;
        return el("li", {}, [
          el("label", { for: id, class: "visually-hidden", text: `Line ${index + 1}` }),
          el("input", { id, type: "text", value: line, maxlength: 200, autocomplete: "off",
                        placeholder: `Line ${index + 1}`,
                        oninput: (event) => { lines[index] = event.target.value; this._changed(); } }),
          el("button", { type: "button", class: "he-remove", "aria-label": `Remove line ${index + 1}`,
                         title: "Remove this line", text: "×", disabled: lines.length <= 1,
                         onclick: () => this._removeLine(index) }),
        ]);
      }));
      this._addButton.disabled = lines.length >= max;
    }

    _addLine() {
      this._state.lines.push("");
      this._renderLines();
      this._changed();
      const inputs = this._linesList.querySelectorAll("input");
      inputs[inputs.length - 1].focus();
    }

    _removeLine(index) {
      this._state.lines.splice(index, 1);
      this._renderLines();
      this._changed();
    }

    _fontSizeField() {
      const sizes = new Set((this._config.resources.font_sizes || DEFAULT_FONT_SIZES).map(Number));
      sizes.add(this._state.font_size);
      const select = el("select", { id: "he-font-size", onchange: (event) => {
        this._state.font_size = Number(event.target.value);
        this._changed();
      } }, [...sizes].sort((a, b) => a - b).map((size) =>
        el("option", { value: size, text: `${size} pt`, selected: size === this._state.font_size })));
      return el("div", {}, [el("label", { class: "he-label", for: "he-font-size", text: "Font size" }), select]);
    }

    _colorField(name, label) {
      const colors = (this._config.resources.colors || []).filter((color) => COLOR.test(color));
      const picker = el("input", { type: "color", value: this._state[name], "aria-label": `${label}: custom` });
      const group = el("div", { class: "he-colors", role: "group", "aria-label": label });
      const select = (color) => {
        this._state[name] = color.toLowerCase();
        picker.value = this._state[name];
        for (const swatch of group.querySelectorAll(".he-swatch")) {
          swatch.setAttribute("aria-pressed", String(swatch.dataset.color === this._state[name]));
        }
        this._changed();
      };
      for (const color of colors) {
        group.append(el("button", { type: "button", class: "he-swatch", "data-color": color.toLowerCase(),
                                    title: color, "aria-label": `${label} ${color}`,
                                    "aria-pressed": String(color.toLowerCase() === this._state[name].toLowerCase()),
                                    style: `background:${color}`, onclick: () => select(color) }));
      }
      picker.addEventListener("input", () => select(picker.value));
      group.append(picker);
      return el("div", {}, [el("span", { class: "he-label", text: label }), group]);
    }

    _quantityField() {
      const input = el("input", { id: "he-quantity", type: "number", min: 1, max: 999, step: 1, inputmode: "numeric",
                                  value: this._state.quantity, oninput: (event) => {
                                    this._state.quantity = Number(event.target.value);
                                    this._changed();
                                  } });
      return el("div", {}, [el("label", { class: "he-label", for: "he-quantity", text: "Quantity" }), input]);
    }

    _changed() {
      this._alert.hidden = true;
      this._status.textContent = "";
      this._renderPreview();
      const { lines, font_size, text_color, background_color, quantity } = this._state;
      this._emit("change", { lines: [...lines], font_size, text_color, background_color, quantity });
    }

    _renderPreview() {
      const state = this._state;
      const svg = this._svg;
      svg.setAttribute("viewBox", `0 0 ${state.width_mm} ${state.height_mm}`);
      // As wide as the column, but never taller than most of the viewport (portrait designs on wide screens).
      svg.style.aspectRatio = `${state.width_mm} / ${state.height_mm}`;
      svg.style.width = `min(100%, calc(70vh * ${(state.width_mm / state.height_mm).toFixed(4)}))`;
      const rect = document.createElementNS(SVG_NS, "rect");
      rect.setAttribute("width", state.width_mm);
      rect.setAttribute("height", state.height_mm);
      rect.setAttribute("fill", state.background_color);
      svg.replaceChildren(rect);
      for (const line of textLayout(state)) {
        const text = document.createElementNS(SVG_NS, "text");
        text.setAttribute("x", state.width_mm / 2);
        text.setAttribute("y", line.baseline.toFixed(2));
        text.setAttribute("font-size", line.size.toFixed(2));
        text.setAttribute("text-anchor", "middle");
        text.setAttribute("font-family", "DejaVu Sans, Helvetica, Arial, sans-serif");
        text.setAttribute("fill", state.text_color);
        text.textContent = line.text;
        svg.append(text);
        this._fit(text, line.size, state.width_mm - 2 * MARGIN_MM);
      }
    }

    /** Shrink a line that is wider than the page, as the print renderer does. */
    _fit(text, size, room) {
      try {
        const width = text.getComputedTextLength();
        if (width > room) text.setAttribute("font-size", (size * room / width).toFixed(2));
      } catch (err) {
        /* not laid out yet (element hidden): the print file still fits the text */
      }
    }

    _showAlert(message) {
      this._alert.textContent = message;
      this._alert.hidden = false;
    }

    async _addToCart() {
      if (this._busy) return;
      const state = this._state;
      const quantity = state.quantity;
      if (!Number.isInteger(quantity) || quantity < 1 || quantity > 999) {
        this._showAlert("Enter a quantity from 1 to 999.");
        this.shadowRoot.getElementById("he-quantity").focus();
        return;
      }
      if (!state.lines.some((line) => line.trim() !== "")) {
        this._showAlert("Add at least one line of text.");
        return;
      }
      const { input, integration } = this._config;
      this._busy = true;
      this._cartButton.disabled = true;
      this._status.textContent = "Saving your design…";
      try {
        const saved = await this._api("POST", "/designs", {
          productReference: input.productReference,
          sku: input.sku || null,
          lines: state.lines,
          font_size: state.font_size,
          text_color: state.text_color,
          background_color: state.background_color,
          width_mm: state.width_mm,
          height_mm: state.height_mm,
        });
        this._status.textContent = "Design saved.";
        this._emit("addtocart", {
          key: input.key || newKey(),
          quantity,
          originalProductId: input.productReference,
          sku: input.sku || null,
          properties: { _stateId: [saved.id], _userId: integration.user.id, _hidden: { images: [saved.previewUrl] } },
        });
      } catch (err) {
        this._status.textContent = "";
        this._showAlert(err.message);
        this._emit("error", { message: err.message });
      } finally {
        this._busy = false;
        this._cartButton.disabled = false;
      }
    }
  }

  customElements.define(TAG, HandyEditor);
})();
