//! The `verify` binary: runs the command line and exits with its code.

// The pipeline makes many small allocations (syntax nodes, names, findings); mimalloc
// serves them markedly faster than the system allocator (see docs/performance.md).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    std::process::exit(verify::cli::main());
}
