fn main() {
    identity_shell::start();
}
