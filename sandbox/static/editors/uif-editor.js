/* ---- uif-editor.js: the editor module (`default.default` of /ui-framework/editor.js) ----------------------------
 * The UI part of the UI Framework stand-in: the driver hands it a session and a container; it draws the design
 * editor (lines, font size, colours, quantity, "Finish design") in an open shadow root inside the container.
 */
const EDITOR_KIND = "printshop-sandbox-ui-framework-editor";

const editorModule = Object.freeze({
  kind: EDITOR_KIND,
  version: "sandbox",

  /** session: {title, state, maxLines, onChange(), finish() -> Promise}; returns the view (syncQuantity, ...). */
  render(container, session) {
    const host = el("div", { class: "he-host uif-editor" });
    const shadow = host.attachShadow({ mode: "open" });
    const root = el("div", { class: "he", part: "root" });
    shadow.append(el("style", { text: STYLE }), root);
    const view = new DesignerView(root, session.state, {
      title: session.title,
      subtitle: "Type your lines, pick the colours, then finish the design.",
      submitLabel: "Finish design",
      maxLines: session.maxLines,
      colors: SANDBOX.colors,
      fontSizes: SANDBOX.fontSizes,
      onChange: () => session.onChange(),
      onSubmit: async () => {
        const problem = view.invalid();
        if (problem) {
          view.showAlert(problem);
          return;
        }
        view.busy(true, "Saving your design…");
        try {
          await session.finish();
          view.busy(false, "Design finished.");
        } catch (err) {
          view.busy(false);
          view.showAlert(err.message);
        }
      },
    });
    view.render();
    container.replaceChildren(host);
    container.dispatchEvent(new Event("load")); // Magento's loader waits for the container's load event
    return view;
  },
});
