fn main() {
    console_error_panic_hook::set_once();
    // The page was prerendered and `identity-shell` ran first; the app takes it over.
    blog::start();
}
