// <partner-benefits>: the Benefits workspace as a widget in any page (README "Embedding").
// `cargo xtask build` writes this file into dist/ with the names of this build's files
// filled in; everything loads from the origin this file came from, never the host's.
const here = import.meta.url;
const file = (name) => new URL(name, here).href;

// One copy of the app per page, shared by every widget on it (each mounts its own instance).
let loaded;
function load() {
  if (!loaded) {
    // The app's own start (mounting into <body>) is for its own page, not for this one.
    globalThis.__pbEmbedded = true;
    // The wasm downloads while the JS modules load, not after them.
    const wasm = fetch(file("__PB_WASM__"));
    wasm.catch(() => {});
    loaded = import(file("__PB_GLUE__"))
      .then(async (glue) => {
        await glue.default({ module_or_path: wasm });
        return glue;
      })
      .catch((error) => {
        // The next widget (or a reload of this one) tries again.
        loaded = null;
        throw error;
      });
  }
  return loaded;
}

class PartnerBenefits extends HTMLElement {
  connectedCallback() {
    if (this._widget || this._mounting) return;
    // Everything of the widget lives in its shadow root: the host's styles stay out, its own
    // stay in.
    const root = this.shadowRoot || this.attachShadow({ mode: "open" });
    const style = document.createElement("link");
    style.rel = "stylesheet";
    style.href = file("__PB_CSS__");
    const mountPoint = document.createElement("div");
    root.replaceChildren(style, mountPoint);
    this._mounting = load()
      .then((glue) => {
        // The API beside this file, unless the element names one (`api-base`).
        if (this.isConnected && !this._widget) this._widget = glue.mountWidget(this, mountPoint, file("api/v1"));
      })
      .catch((error) => {
        mountPoint.textContent = "The Benefits workspace could not be loaded. Please reload the page.";
        console.error(error);
      })
      .finally(() => {
        this._mounting = null;
      });
  }

  disconnectedCallback() {
    // Moved within the page: it is connected again before this runs, and stays mounted.
    queueMicrotask(() => {
      if (this.isConnected || !this._widget) return;
      this._widget.unmount();
      this._widget.free();
      this._widget = null;
      this.shadowRoot.replaceChildren();
    });
  }
}

if (!customElements.get("partner-benefits")) customElements.define("partner-benefits", PartnerBenefits);
