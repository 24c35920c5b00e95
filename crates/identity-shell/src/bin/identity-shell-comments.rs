fn main() {
    identity_shell::start_with_comments();
}
