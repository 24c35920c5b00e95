// The Rust identity widget for a static page: include this file where the page
// included netlify-identity-widget.js,
//
//   <script type="module" src="/netlify-identity.js"></script>
//
// and keep the files it names beside it. It starts stage one (identity-shell-netlify, a
// few KB: the session in the page's data-netlify-identity-* controls), which
// loads stage two (the modal) on the first click.
import init from "./identity-shell-netlify.js";

if (!document.querySelector('meta[name="identity-app"]')) {
  const app = document.createElement("meta");
  app.name = "identity-app";
  app.content = new URL("./identity-widget-start.js", import.meta.url).href;
  document.head.append(app);
}
init({ module_or_path: new URL("./identity-shell-netlify_bg.wasm", import.meta.url) });
