//! The `verify` binary: runs the command line and exits with its code.

fn main() {
    std::process::exit(verify::cli::main());
}
