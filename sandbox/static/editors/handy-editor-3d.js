/* ---- handy-editor-3d.js: <au-handy-editor-3d> -------------------------------------------------------------------
 * The Handy Editor plus a "3D preview": a copy of the flat preview wrapped on a CSS-transformed, shaded surface
 * that the shopper can turn. `input.mockup3dId` is accepted and named in the caption (the sandbox has no mockups).
 */
class HandyEditor3D extends HandyEditor {
  _extraPreviews() {
    const mockup = this._config.input.mockup3dId;
    this._wrap = el("div", { class: "he-3d-wrap", role: "img", "aria-label": "3D preview of your design" });
    this._turn(-25);
    const turn = el("input", { id: "he-turn", type: "range", min: -60, max: 60, step: 1, value: -25,
                               oninput: (event) => this._turn(event.target.value) });
    return [
      el("figure", { class: "he-preview he-3d" }, [
        el("div", { class: "he-3d-stage" }, this._wrap),
        el("label", { class: "he-label", for: "he-turn", text: "Turn the 3D preview" }),
        turn,
        el("figcaption", { text: `3D preview · ${mockup ? `mockup ${mockup}` : "sandbox mug mockup"}` }),
      ]),
    ];
  }

  _turn(degrees) {
    this._wrap.style.transform = `rotateY(${Number(degrees)}deg) rotateX(8deg)`;
  }

  _previewed(svg) {
    const copy = svg.cloneNode(true);
    copy.removeAttribute("role");
    copy.removeAttribute("aria-label");
    copy.setAttribute("aria-hidden", "true");
    this._wrap.replaceChildren(copy);
  }
}
