fn main() -> std::process::ExitCode {
    duyet::cli::main()
}
