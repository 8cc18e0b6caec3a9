fn main() -> std::process::ExitCode {
    stance_tracker::cli::main()
}
