fn main() {
    std::process::exit(tilmech::cli::main());
}
