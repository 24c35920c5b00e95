fn main() {
    identity_shell::start_with_js_widget_controls();
}
