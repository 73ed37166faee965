// A bulk import allocates millions of strings on its reading thread and
// frees them on the storing one; glibc's allocator serialises that on a
// lock, mimalloc does not.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    std::process::exit(tilmech::cli::main());
}
