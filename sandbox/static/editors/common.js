/* ---- common.js: shared by every stand-in (Workflow Elements scripts and the UI Framework modules) ---------------
 * Expects `SANDBOX` (scenario table, palette, font sizes), which the sandbox server writes before this part.
 * Declarations only: the same text runs inside a classic script's function scope and at an ES module's top level.
 */
const API_PATH = "/api/sandbox-editor/v1";
const PT_TO_MM = 25.4 / 72;
const LINE_HEIGHT = 1.35;
const MARGIN_MM = 4;
const COLOR = /^#[0-9a-f]{6}$/i;
const SVG_NS = "http://www.w3.org/2000/svg";
const SESSION_EXPIRED = "Your editing session has expired. Reload the page to continue.";
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

const STYLE = `
  :host, .he-host { display: block; container-type: inline-size; font-family: var(--he-font, system-ui, sans-serif);
    color: var(--he-text, #1f2933); }
  :host([hidden]) { display: none; }
  * { box-sizing: border-box; }
  .he { position: relative; border: 1px solid var(--he-border, #d5dbe1); border-radius: var(--he-radius, 12px);
    background: var(--he-surface, #fff); padding: 1rem; }
  .he-head { margin: 0 0 1rem; }
  .he-title { font-size: 1.25rem; margin: 0; line-height: 1.3; }
  .he-sub { margin: .25rem 0 0; color: var(--he-muted, #5c6b7a); font-size: .9rem; }
  .he-body { display: grid; grid-template-columns: minmax(0, 3fr) minmax(15rem, 2fr); gap: 1.25rem;
    align-items: start; }
  .he-previews { display: grid; gap: 1rem; position: sticky; top: 1rem; }
  .he-preview { margin: 0; }
  .he-canvas { display: block; width: 100%; height: auto; margin: 0 auto; border-radius: 4px;
    box-shadow: 0 1px 2px rgba(0,0,0,.12), 0 6px 20px rgba(0,0,0,.10); background: #fff; }
  .he-preview figcaption { margin-top: .5rem; font-size: .8rem; color: var(--he-muted, #5c6b7a);
    text-align: center; }
  form { display: grid; gap: 1rem; margin: 0; }
  fieldset { border: 0; margin: 0; padding: 0; min-width: 0; }
  legend, .he-label { font-weight: 600; font-size: .9rem; margin-bottom: .4rem; display: block; padding: 0; }
  .he-lines ol { list-style: none; margin: 0 0 .5rem; padding: 0; display: grid; gap: .4rem; }
  .he-lines li { display: flex; gap: .4rem; }
  .he-field { display: grid; gap: .3rem; }
  .he-field label { font-size: .85rem; color: var(--he-muted, #5c6b7a); }
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
  .he-choices { display: grid; gap: .4rem; }
  .he-choice { display: flex; gap: .5rem; align-items: center; padding: .45rem .6rem; border-radius: 8px;
    border: 1px solid var(--he-border, #c3ccd5); cursor: pointer; }
  .he-choice:has(input:checked) { border-color: var(--he-accent, #0b6e4f); background: #f1f8f5; }
  .he-choice input, .he-approve input { width: 1.1rem; height: 1.1rem; margin: 0; accent-color: var(--he-accent, #0b6e4f); }
  .he-choice input:focus-visible, .he-approve input:focus-visible, input[type=range]:focus-visible {
    outline: 3px solid var(--he-focus, #74c0fc); outline-offset: 2px; }
  .he-choice small { color: var(--he-muted, #5c6b7a); margin-left: auto; }
  .he-approve { display: flex; gap: .5rem; align-items: center; font-weight: 600; cursor: pointer; }
  .he-cart { background: var(--he-accent, #0b6e4f); border-color: var(--he-accent, #0b6e4f); color: #fff;
    font-weight: 600; padding: .75rem 1rem; font-size: 1rem; }
  .he-cart:hover:not(:disabled) { filter: brightness(1.08); }
  .he-status { margin: 0; font-size: .9rem; color: var(--he-muted, #5c6b7a); min-height: 1.2em; }
  .he-alert { margin: 0; padding: .6rem .75rem; border-radius: 8px; background: #fff5f5; color: #c92a2a;
    border: 1px solid #ffc9c9; font-size: .9rem; }
  .he-alert[hidden], .he-loader[hidden] { display: none; }
  .he-loading { padding: 2rem 1rem; text-align: center; color: var(--he-muted, #5c6b7a); }
  .he-loader { position: absolute; inset: 0; display: grid; place-content: center; justify-items: center; gap: .75rem;
    background: rgba(255,255,255,.85); border-radius: inherit; font-weight: 600; z-index: 2; }
  .he-spinner { width: 2.5rem; height: 2.5rem; border-radius: 50%; border: 4px solid #d5dbe1;
    border-top-color: var(--he-accent, #0b6e4f); animation: he-spin 1s linear infinite; }
  @keyframes he-spin { to { transform: rotate(360deg); } }
  .he-3d-stage { perspective: 700px; padding: 1rem 0; display: grid; justify-items: center; overflow: hidden;
    background: radial-gradient(ellipse at 50% 90%, #e9edf1 0, transparent 70%); border-radius: 8px; }
  .he-3d-wrap { position: relative; width: 80%; transform-style: preserve-3d; transition: transform .2s ease;
    border-radius: 6% / 14%; overflow: hidden; box-shadow: 0 14px 30px rgba(0,0,0,.25); }
  .he-3d-wrap .he-canvas { box-shadow: none; border-radius: 0; }
  .he-3d-wrap::after { content: ""; position: absolute; inset: 0; pointer-events: none;
    background: linear-gradient(90deg, rgba(0,0,0,.35), rgba(255,255,255,.25) 30%, rgba(255,255,255,0) 50%,
      rgba(0,0,0,.30)); }
  .he-3d input[type=range] { width: 100%; accent-color: var(--he-accent, #0b6e4f); }
  .visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0);
    white-space: nowrap; }
  @media (prefers-reduced-motion: reduce) { .he-spinner { animation: none; } .he-3d-wrap { transition: none; } }
  @container (max-width: 44rem) {
    .he-body { grid-template-columns: 1fr; }
    .he-previews { position: static; }
  }
  @media (max-width: 40rem) {
    .he-body { grid-template-columns: 1fr; }
    .he-previews { position: static; }
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

/** The same layout as the sandbox's PDF and SVG renderer (sandbox/render.py): lines stacked and centred. */
function textLayout(state) {
  const lines = state.lines.filter((line) => line.trim() !== "");
  const shown = lines.length ? lines : [""];
  const size = state.font_size * PT_TO_MM;
  const pitch = size * LINE_HEIGHT;
  const top = (state.height_mm - pitch * shown.length) / 2;
  return shown.map((text, index) => ({ text, size, baseline: top + pitch * index + pitch / 2 + size * 0.35 }));
}

/** A design state from a saved design or the workflow's defaults; quantity and sku are the caller's. */
function designState(source, fallback) {
  const base = { ...DEFAULTS, ...(fallback || {}) };
  const from = source || base;
  const lines = Array.isArray(from.lines) && from.lines.length ? from.lines.map(String) : [""];
  return {
    lines,
    font_size: Number(from.font_size) || Number(base.font_size) || DEFAULTS.font_size,
    text_color: COLOR.test(from.text_color) ? from.text_color.toLowerCase() : base.text_color,
    background_color: COLOR.test(from.background_color) ? from.background_color.toLowerCase() : base.background_color,
    width_mm: Number(from.width_mm || base.width_mm) || DEFAULTS.width_mm,
    height_mm: Number(from.height_mm || base.height_mm) || DEFAULTS.height_mm,
  };
}

function quantityOf(value) {
  const quantity = Number(value);
  return Number.isInteger(quantity) && quantity >= 1 && quantity <= 999 ? quantity : 1;
}

/** A call to the sandbox editor API with the storefront user's token; EditorError (with .status) on failure. */
async function editorApi(gateway, token, method, path, body) {
  const headers = { Authorization: `Bearer ${token}` };
  if (body !== undefined) headers["Content-Type"] = "application/json";
  let response;
  try {
    response = await fetch(String(gateway).replace(/\/+$/, "") + API_PATH + path, {
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
  if (response.status === 401) throw Object.assign(new EditorError(SESSION_EXPIRED), { status: 401 });
  throw Object.assign(new EditorError(data.detail || `The design service answered ${response.status}.`),
    { status: response.status });
}

/** The body of POST /designs for a state. */
function designBody(productReference, sku, state) {
  const { lines, font_size, text_color, background_color, width_mm, height_mm } = state;
  return { productReference, sku: sku || null, lines, font_size, text_color, background_color, width_mm, height_mm };
}

/** The SVG preview of a state, drawn with textLayout (long lines shrink to fit, as in the print file). */
class Preview {
  constructor(label = "Design preview") {
    this.svg = document.createElementNS(SVG_NS, "svg");
    this.svg.setAttribute("class", "he-canvas");
    this.svg.setAttribute("role", "img");
    this.svg.setAttribute("aria-label", label);
  }

  figure(state) {
    return el("figure", { class: "he-preview" }, [
      this.svg,
      el("figcaption", { text: `Preview · ${state.width_mm} × ${state.height_mm} mm` }),
    ]);
  }

  render(state) {
    const svg = this.svg;
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
      Preview.fit(text, line.size, state.width_mm - 2 * MARGIN_MM);
    }
  }

  /** Shrink a line that is wider than the page, as the print renderer does. */
  static fit(text, size, room) {
    try {
      const width = text.getComputedTextLength();
      if (width > room) text.setAttribute("font-size", (size * room / width).toFixed(2));
    } catch (err) {
      /* not laid out yet (element hidden): the print file still fits the text */
    }
  }
}

/**
 * The designer form shared by the Handy Editors and the UI Framework editor: text lines (add/remove), font size,
 * colour swatches, quantity, a submit button, an alert and a polite status line. It edits `state` in place.
 * options: {title, subtitle, submitLabel, maxLines, colors, fontSizes, onChange(), onSubmit(), extraPreviews}
 */
class DesignerView {
  constructor(root, state, options) {
    this.root = root;
    this.state = state;
    this.options = options;
    this.preview = new Preview();
  }

  render() {
    const { title, subtitle, submitLabel } = this.options;
    const state = this.state;
    this.linesList = el("ol");
    this.addButton = el("button", { type: "button", class: "he-add", text: "+ Add a line", onclick: () => this.addLine() });
    this.alert = el("p", { class: "he-alert", role: "alert", hidden: true });
    this.status = el("p", { class: "he-status", role: "status", "aria-live": "polite" });
    this.submitButton = el("button", { type: "submit", class: "he-cart", text: submitLabel });
    const form = el("form", { novalidate: true, onsubmit: (event) => { event.preventDefault(); this.options.onSubmit(); } }, [
      el("fieldset", { class: "he-lines" }, [el("legend", { text: "Text lines" }), this.linesList, this.addButton]),
      this.fontSizeField(),
      this.colorField("text_color", "Text colour"),
      this.colorField("background_color", "Background colour"),
      this.quantityField(),
      this.alert,
      this.submitButton,
      this.status,
    ]);
    this.previews = el("div", { class: "he-previews" }, [this.preview.figure(state), ...(this.options.extraPreviews || [])]);
    this.root.replaceChildren(
      el("header", { class: "he-head" }, [
        el("h2", { class: "he-title", text: title }),
        el("p", { class: "he-sub", text: subtitle }),
      ]),
      el("div", { class: "he-body" }, [this.previews, form]),
    );
    this.renderLines();
    this.renderPreview();
  }

  renderLines() {
    const lines = this.state.lines;
    this.linesList.replaceChildren(...lines.map((line, index) => {
      const id = `he-line-${index}`;
      return el("li", {}, [
        el("label", { for: id, class: "visually-hidden", text: `Line ${index + 1}` }),
        el("input", { id, type: "text", value: line, maxlength: 200, autocomplete: "off", placeholder: `Line ${index + 1}`,
                      oninput: (event) => { lines[index] = event.target.value; this.changed(); } }),
        el("button", { type: "button", class: "he-remove", "aria-label": `Remove line ${index + 1}`,
                       title: "Remove this line", text: "×", disabled: lines.length <= 1,
                       onclick: () => this.removeLine(index) }),
      ]);
    }));
    this.addButton.disabled = lines.length >= (Number(this.options.maxLines) || DEFAULTS.max_lines);
  }

  addLine() {
    this.state.lines.push("");
    this.renderLines();
    this.changed();
    const inputs = this.linesList.querySelectorAll("input");
    inputs[inputs.length - 1].focus();
  }

  removeLine(index) {
    this.state.lines.splice(index, 1);
    this.renderLines();
    this.changed();
  }

  fontSizeField() {
    const sizes = new Set((this.options.fontSizes || SANDBOX.fontSizes).map(Number));
    sizes.add(this.state.font_size);
    const select = el("select", { id: "he-font-size", onchange: (event) => {
      this.state.font_size = Number(event.target.value);
      this.changed();
    } }, [...sizes].sort((a, b) => a - b).map((size) =>
      el("option", { value: size, text: `${size} pt`, selected: size === this.state.font_size })));
    return el("div", {}, [el("label", { class: "he-label", for: "he-font-size", text: "Font size" }), select]);
  }

  colorField(name, label) {
    const colors = (this.options.colors || SANDBOX.colors).filter((color) => COLOR.test(color));
    const picker = el("input", { type: "color", value: this.state[name], "aria-label": `${label}: custom` });
    const group = el("div", { class: "he-colors", role: "group", "aria-label": label });
    const select = (color) => {
      this.state[name] = color.toLowerCase();
      picker.value = this.state[name];
      for (const swatch of group.querySelectorAll(".he-swatch")) {
        swatch.setAttribute("aria-pressed", String(swatch.dataset.color === this.state[name]));
      }
      this.changed();
    };
    for (const color of colors) {
      group.append(el("button", { type: "button", class: "he-swatch", "data-color": color.toLowerCase(), title: color,
                                  "aria-label": `${label} ${color}`,
                                  "aria-pressed": String(color.toLowerCase() === this.state[name].toLowerCase()),
                                  style: `background:${color}`, onclick: () => select(color) }));
    }
    picker.addEventListener("input", () => select(picker.value));
    group.append(picker);
    return el("div", {}, [el("span", { class: "he-label", text: label }), group]);
  }

  quantityField() {
    this.quantityInput = el("input", { id: "he-quantity", type: "number", min: 1, max: 999, step: 1,
                                       inputmode: "numeric", value: this.state.quantity, oninput: (event) => {
                                         this.state.quantity = Number(event.target.value);
                                         this.changed();
                                       } });
    return el("div", {}, [el("label", { class: "he-label", for: "he-quantity", text: "Quantity" }), this.quantityInput]);
  }

  /** Put the quantity field back in line with the state (after the host set it). */
  syncQuantity() {
    if (this.quantityInput) this.quantityInput.value = this.state.quantity;
  }

  changed() {
    this.alert.hidden = true;
    this.status.textContent = "";
    this.renderPreview();
    this.options.onChange();
  }

  renderPreview() {
    this.preview.render(this.state);
    if (this.options.onPreview) this.options.onPreview(this.preview.svg);
  }

  /** The first reason the state cannot be submitted (focusing the field), or null. */
  invalid() {
    const { quantity, lines } = this.state;
    if (!Number.isInteger(quantity) || quantity < 1 || quantity > 999) {
      this.quantityInput.focus();
      return "Enter a quantity from 1 to 999.";
    }
    if (!lines.some((line) => line.trim() !== "")) return "Add at least one line of text.";
    return null;
  }

  showAlert(message) {
    this.alert.textContent = message;
    this.alert.hidden = false;
  }

  busy(on, message = "") {
    this.submitButton.disabled = on;
    this.status.textContent = message;
  }
}

/** UTF-8 JSON <-> base64 (UI Framework snapshots). */
function toBase64Json(value) {
  const bytes = new TextEncoder().encode(JSON.stringify(value));
  let binary = "";
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
}

function fromBase64Json(text) {
  const binary = atob(text);
  return JSON.parse(new TextDecoder().decode(Uint8Array.from(binary, (ch) => ch.charCodeAt(0))));
}
