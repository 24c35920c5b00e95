// Smaller than Rust's default allocator for wasm, dlmalloc, and faster.
#[cfg(all(target_family = "wasm", not(target_feature = "atomics")))]
#[global_allocator]
static ALLOCATOR: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();

fn main() {
    console_error_panic_hook::set_once();
    // The page was prerendered and `identity-shell` ran first; the app takes it over.
    blog::start();
}
