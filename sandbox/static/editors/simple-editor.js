/* ---- simple-editor.js: <au-simple-editor> -----------------------------------------------------------------------
 * A form: one text field per line of the template, the product's variants as radio buttons, the quantity and an
 * "I approve this design" checkbox that Add to cart needs. After addtocart a loader covers the element until the
 * host calls showLoader(false) (Aurigma's SimpleEditorBasic sample does).
 */
class SimpleEditor extends WorkflowElement {
  /** Show (true) or hide (false) the loader over the editor; the form is inert while it shows. */
  showLoader(on) {
    if (!this._loader || !this._root.contains(this._loader)) return;
    this._loader.hidden = !on;
    this._form.inert = Boolean(on);
  }

  _renderEditor() {
    const settings = this._config.settings;
    const state = this._state;
    const preview = new Preview();
    const changed = () => {
      this._view.clear();
      preview.render(state);
      this._changed();
    };
    const lineFields = state.lines.map((line, index) => el("div", { class: "he-field" }, [
      el("label", { for: `se-line-${index}`, text: `Line ${index + 1}` }),
      el("input", { id: `se-line-${index}`, type: "text", value: line, maxlength: 200, autocomplete: "off",
                    oninput: (event) => { state.lines[index] = event.target.value; changed(); } }),
    ]));
    const variants = (this._opened.product.variants || []).map((variant) => el("label", { class: "he-choice" }, [
      el("input", { type: "radio", name: "se-variant", value: variant.sku, checked: variant.sku === state.sku,
                    onchange: () => { state.sku = variant.sku; changed(); } }),
      el("span", { text: variant.name }),
      el("small", { text: variant.sku }),
    ]));
    const quantity = el("input", { id: "se-quantity", type: "number", min: 1, max: 999, step: 1, inputmode: "numeric",
                                   value: state.quantity,
                                   oninput: (event) => { state.quantity = Number(event.target.value); changed(); } });
    const approve = el("input", { id: "se-approve", type: "checkbox", onchange: () => this._view.clear() });
    const alert = el("p", { class: "he-alert", role: "alert", hidden: true });
    const status = el("p", { class: "he-status", role: "status", "aria-live": "polite" });
    const submit = el("button", { type: "submit", class: "he-cart", text: this._submitLabel });
    this._form = el("form", { novalidate: true, onsubmit: (event) => { event.preventDefault(); this._addToCart(); } }, [
      el("fieldset", {}, [el("legend", { text: "Your text" }), el("div", { class: "he-choices" }, lineFields)]),
      variants.length ? el("fieldset", {}, [el("legend", { text: "Options" }), el("div", { class: "he-choices" }, variants)]) : null,
      el("div", {}, [el("label", { class: "he-label", for: "se-quantity", text: "Quantity" }), quantity]),
      el("label", { class: "he-approve" }, [approve, el("span", { text: "I approve this design" })]),
      alert,
      submit,
      status,
    ]);
    this._loader = el("div", { class: "he-loader", role: "status", hidden: true }, [
      el("span", { class: "he-spinner", "aria-hidden": "true" }),
      el("span", { text: "Adding to your cart…" }),
    ]);
    this._shell([
      el("header", { class: "he-head" }, [
        el("h2", { class: "he-title", text: settings.product_name }),
        el("p", { class: "he-sub", text: "Fill in the form; the preview follows as you type." }),
      ]),
      el("div", { class: "he-body" }, [el("div", { class: "he-previews" }, preview.figure(state)), this._form]),
      this._loader,
    ]);
    this._view = {
      clear: () => { alert.hidden = true; status.textContent = ""; },
      showAlert: (message) => { alert.textContent = message; alert.hidden = false; },
      busy: (on, message = "") => { submit.disabled = on; status.textContent = message; },
      invalid: () => {
        if (!Number.isInteger(state.quantity) || state.quantity < 1 || state.quantity > 999) {
          quantity.focus();
          return "Enter a quantity from 1 to 999.";
        }
        if (!state.lines.some((line) => line.trim() !== "")) return "Fill in at least one line of text.";
        if (!approve.checked) {
          approve.focus();
          return "Tick “I approve this design” to add it to your cart.";
        }
        return null;
      },
    };
    preview.render(state);
  }

  _beforeAddToCart() {
    this.showLoader(true);
  }

  /** Simple Editor > Output data: the Handy Editor's fields plus the PIM ids (no product links in the sandbox). */
  _detail(saved) {
    const product = this._opened.product;
    const variant = (product.variants || []).find((v) => v.sku === this._state.sku);
    return {
      ...super._detail(saved),
      productVariantId: variant ? variant.id : null,
      productId: product.productId,
      productVersionId: product.productVersionId,
    };
  }
}
