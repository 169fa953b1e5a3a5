/* ---- handy-editor.js: <au-handy-editor> ------------------------------------------------------------------------
 * Text lines, font size, colours and quantity over a live preview; Add to cart saves a new design state.
 */
class HandyEditor extends WorkflowElement {
  _renderEditor() {
    const { settings, resources } = this._config;
    this._shell([]);
    this._view = new DesignerView(this._root, this._state, {
      title: settings.product_name,
      subtitle: "Type your lines, pick the colours, then add it to your cart.",
      submitLabel: this._submitLabel,
      maxLines: settings.max_lines,
      colors: resources.colors,
      fontSizes: resources.font_sizes,
      extraPreviews: this._extraPreviews(),
      onPreview: (svg) => this._previewed(svg),
      onChange: () => this._changed(),
      onSubmit: () => this._addToCart(),
    });
    this._view.render();
  }

  /** More figures next to the preview (the 3D element's viewer). */
  _extraPreviews() {
    return [];
  }

  _previewed(_svg) {}
}
