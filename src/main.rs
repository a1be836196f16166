/// The system's allocator, which gives the terminal back if it ever fails.
#[global_allocator]
static ALLOCATOR: duyet::tui::emergency::Allocator = duyet::tui::emergency::Allocator;

fn main() -> std::process::ExitCode {
    duyet::cli::main()
}
