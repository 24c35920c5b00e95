// Stage two, which stage one imports on first use: the session and the modal,
// beside the page. If it cannot load, stage one is told, and the next click
// tries again.
import init from "./identity-widget.js";

init({ module_or_path: new URL("./identity-widget_bg.wasm", import.meta.url) }).catch((error) => {
  dispatchEvent(new Event("identity:app-failed"));
  throw error;
});
